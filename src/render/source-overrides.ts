// Argo CD's parameter override files in a source folder: `.argocd-source.yaml`, then
// `.argocd-source-<appName>.yaml` (the image updater's default write-back), each an RFC 7386 merge
// patch over the source's tool settings (kustomize, helm, directory, plugin). The repository, path,
// revision and chart of the source never change.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { isPlainObject, type ApplicationSource } from '../model/index.js';
import { RenderError } from './errors.js';
import { resolveInside } from './safe-path.js';

export const overrideFileNames = (appName: string): string[] => [
  '.argocd-source.yaml',
  ...(appName ? [`.argocd-source-${appName}.yaml`] : []),
];

/** RFC 7386: objects merge key by key, null deletes, anything else (arrays included) replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else
      Object.defineProperty(out, k, {
        value: applyMergePatch(out[k], v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/** The source with the folder's override files applied (unchanged when there are none). */
export async function withSourceOverrides(
  source: ApplicationSource,
  repoRoot: string,
  appDir: string,
  appName: string,
): Promise<ApplicationSource> {
  let merged: unknown = source;
  for (const name of overrideFileNames(appName)) {
    const rel = relative(repoRoot, join(appDir, name));
    const file = await resolveInside(repoRoot, rel, {
      what: 'override file',
      tool: 'directory',
      mustExist: false,
    });
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (text === undefined) continue;
    let patch: unknown;
    try {
      patch = parse(text);
    } catch (e) {
      throw new RenderError(`${rel} is not valid YAML: ${(e as Error).message}`, {
        reason: 'InvalidManifest',
        tool: 'directory',
        file: rel,
        hint: 'an .argocd-source file holds source overrides, e.g. kustomize: {images: [name:tag]}',
      });
    }
    if (patch === null || patch === undefined) continue;
    if (!isPlainObject(patch))
      throw new RenderError(`${rel} must hold a mapping of source settings`, {
        reason: 'InvalidManifest',
        tool: 'directory',
        file: rel,
        hint: 'an .argocd-source file holds source overrides, e.g. kustomize: {images: [name:tag]}',
      });
    merged = applyMergePatch(merged, patch);
  }
  if (merged === source) return source;
  const m = merged as ApplicationSource;
  const { repoURL, path, targetRevision, chart } = source;
  const { chart: _c, path: _p, targetRevision: _t, ...tools } = m;
  return {
    ...tools,
    repoURL,
    ...(path !== undefined ? { path } : {}),
    ...(targetRevision !== undefined ? { targetRevision } : {}),
    ...(chart !== undefined ? { chart } : {}),
  };
}
