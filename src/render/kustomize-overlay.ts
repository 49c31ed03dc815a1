// Builds the overlay that applies an Application's kustomize options on top of the user's
// kustomization, so the user's files are never edited.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { KustomizeSource } from '../model/index.js';
import { resolveInside } from './safe-path.js';

export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Parses Argo CD's image override strings: `name[=newName][:tag|@digest]`. */
export function parseImageOverride(spec: string): KustomizeImage {
  const eq = spec.indexOf('=');
  const name = eq >= 0 ? spec.slice(0, eq) : undefined;
  const ref = eq >= 0 ? spec.slice(eq + 1) : spec;
  let image = ref;
  const out: Partial<KustomizeImage> = {};
  const at = ref.indexOf('@');
  if (at >= 0) {
    out.digest = ref.slice(at + 1);
    image = ref.slice(0, at);
  } else {
    // A tag is after the last ':' only if that ':' is after the last '/' (registry ports have ':' too).
    const colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      out.newTag = ref.slice(colon + 1);
      image = ref.slice(0, colon);
    }
  }
  if (name !== undefined) return { name, ...(image && image !== name ? { newName: image } : {}), ...out };
  return { name: image, ...out };
}

/** True when the source sets any option that needs an overlay. */
export function needsOverlay(k: KustomizeSource | undefined): k is KustomizeSource {
  if (!k) return false;
  return Boolean(
    k.images?.length ||
    k.namePrefix ||
    k.nameSuffix ||
    k.namespace ||
    k.replicas?.length ||
    k.patches?.length ||
    k.components?.length ||
    Object.keys(k.commonLabels ?? {}).length ||
    Object.keys(k.commonAnnotations ?? {}).length,
  );
}

/**
 * The overlay's kustomization. Paths in it are relative to `overlayDir`; patch files are inlined
 * because kustomize refuses to load files outside an overlay's own folder.
 */
export async function overlayKustomization(opts: {
  k: KustomizeSource;
  repoRoot: string;
  appDir: string;
  overlayDir: string;
}): Promise<string> {
  const { k, repoRoot, appDir, overlayDir } = opts;
  const appRel = relative(repoRoot, appDir) || '.';
  const doc: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [relative(overlayDir, appDir)],
  };
  if (k.namePrefix) doc['namePrefix'] = k.namePrefix;
  if (k.nameSuffix) doc['nameSuffix'] = k.nameSuffix;
  if (k.namespace) doc['namespace'] = k.namespace;
  if (k.images?.length) doc['images'] = k.images.map(parseImageOverride);
  if (Object.keys(k.commonLabels ?? {}).length) doc['commonLabels'] = k.commonLabels;
  if (Object.keys(k.commonAnnotations ?? {}).length) doc['commonAnnotations'] = k.commonAnnotations;
  if (k.replicas?.length) {
    doc['replicas'] = k.replicas.map((r) => ({
      name: r.name,
      count: typeof r.count === 'string' ? Number(r.count) : r.count,
    }));
  }
  if (k.components?.length) {
    const comps: string[] = [];
    for (const c of k.components) {
      const real = await resolveInside(repoRoot, join(appRel, c), {
        what: 'kustomize component',
        tool: 'kustomize',
      });
      comps.push(relative(overlayDir, real));
    }
    doc['components'] = comps;
  }
  if (k.patches?.length) {
    const patches: Record<string, unknown>[] = [];
    for (const p of k.patches) {
      const out: Record<string, unknown> = {};
      if (p.path) {
        const real = await resolveInside(repoRoot, join(appRel, p.path), {
          what: 'kustomize patch',
          tool: 'kustomize',
        });
        out['patch'] = await readFile(real, 'utf8');
      } else if (p.patch) out['patch'] = p.patch;
      if (p.target) out['target'] = p.target;
      if (p.options) out['options'] = p.options;
      patches.push(out);
    }
    doc['patches'] = patches;
  }
  return stringify(doc);
}
