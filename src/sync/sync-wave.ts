// Reading an object's sync wave: `argocd.argoproj.io/sync-wave`, else Helm's `helm.sh/hook-weight`, else 0.
import { ANNOTATION_HELM_HOOK_WEIGHT, ANNOTATION_SYNC_WAVE, type KubeObject } from '../model/index.js';

export type WaveResult = { ok: true; wave: number; warning?: string } | { ok: false; message: string };

const INTEGER = /^[+-]?\d+$/;

function parseInteger(text: string): number | undefined {
  const t = text.trim();
  if (!INTEGER.test(t)) return undefined;
  const n = Number(t);
  // Argo CD reads waves into a Go int; anything beyond a safe integer is a typo, not a wave.
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The wave of an object. An invalid Argo CD wave is an error the user must fix (Argo CD would
 * silently use 0 and run the object at a moment nobody asked for); an invalid Helm weight falls
 * back to 0 with a warning, as Helm itself does.
 */
export function waveOf(obj: KubeObject): WaveResult {
  const annotations = obj.metadata.annotations ?? {};
  const argo = annotations[ANNOTATION_SYNC_WAVE];
  if (argo !== undefined) {
    const wave = parseInteger(argo);
    if (wave === undefined) {
      return {
        ok: false,
        message: `${ANNOTATION_SYNC_WAVE} must be an integer, got ${JSON.stringify(argo)}`,
      };
    }
    return { ok: true, wave };
  }
  const helm = annotations[ANNOTATION_HELM_HOOK_WEIGHT];
  if (helm !== undefined) {
    const wave = parseInteger(helm);
    if (wave === undefined) {
      return {
        ok: true,
        wave: 0,
        warning: `${ANNOTATION_HELM_HOOK_WEIGHT} ${JSON.stringify(helm)} is not an integer; using 0`,
      };
    }
    return { ok: true, wave };
  }
  return { ok: true, wave: 0 };
}
