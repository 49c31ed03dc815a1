// What a resource's manifest and the last sync say about its ordering: sync wave, hook, delete policy. Pure.
import type { Application } from '../../api/types.ts';

type Obj = Record<string, unknown>;

export interface SyncInfo {
  /** From the argocd.argoproj.io/sync-wave annotation (or helm.sh/hook-weight on a Helm hook); 0 by default. */
  wave: number;
  /** Hook phases (PreSync, Sync, PostSync…), empty for a plain resource. */
  hooks: string[];
  deletePolicy: string | undefined;
  /** How the last sync treated it: its phase, wave, status and message. */
  lastSync:
    { phase?: string; wave?: number; status: string; message: string; hookPhase?: string } | undefined;
}

function annotationsOf(obj: Obj | undefined): Record<string, string> {
  const meta = obj?.['metadata'] as { annotations?: Record<string, string> } | undefined;
  return meta?.annotations ?? {};
}
const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function syncInfoOf(
  app: Application,
  ref: { group: string; kind: string; namespace: string; name: string },
  manifest: Obj | undefined,
): SyncInfo {
  const a = annotationsOf(manifest);
  const helmHooks = list(a['helm.sh/hook']);
  const hooks = list(a['argocd.argoproj.io/hook']);
  const waveText =
    a['argocd.argoproj.io/sync-wave'] ?? (helmHooks.length ? a['helm.sh/hook-weight'] : undefined);
  const wave = Number.parseInt(waveText ?? '0', 10);
  const result = (app.status?.operationState?.syncResult?.resources ?? []).find(
    (r) =>
      r.group === ref.group && r.kind === ref.kind && r.namespace === ref.namespace && r.name === ref.name,
  );
  return {
    wave: Number.isFinite(wave) ? wave : 0,
    hooks: hooks.length ? hooks : helmHooks,
    deletePolicy: a['argocd.argoproj.io/hook-delete-policy'] ?? a['helm.sh/hook-delete-policy'],
    lastSync: result && {
      status: result.status,
      message: result.message,
      ...(result.syncPhase ? { phase: result.syncPhase } : {}),
      ...(result.syncWave !== undefined ? { wave: result.syncWave } : {}),
      ...(result.hookPhase ? { hookPhase: result.hookPhase } : {}),
    },
  };
}
