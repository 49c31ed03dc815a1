// Image updates as source overrides, the shape both of Argo CD Image Updater's write-backs take: the
// `argocd` method patches them onto the Application; the default `git` method writes them to
// `.argocd-source-<app>.yaml` in the app's source path, which the repo service applies when rendering.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { isPlainObject, type ApplicationSource } from '../model/index.js';
import { ImageError } from './errors.js';
import { formatImageRef } from './image-ref.js';
import type { ImageUpdate } from './updater.js';

export type SourceTools = Pick<ApplicationSource, 'helm' | 'kustomize'>;

/** Whether the updates go to Helm parameters (a Helm app, or helm.* annotations) rather than kustomize images. */
export function isHelmTarget(
  source: SourceTools,
  sourceType: string | undefined,
  updates: readonly ImageUpdate[],
) {
  return (
    sourceType === 'Helm' ||
    source.helm !== undefined ||
    updates.some((u) => Object.keys(u.spec.helm).length > 0)
  );
}

/** The overrides after `updates`, over those already in `base` (other images and parameters kept). */
export function overrideSource(
  base: SourceTools,
  helm: boolean,
  updates: readonly ImageUpdate[],
): SourceTools {
  if (helm) {
    const params = [...(base.helm?.parameters ?? [])];
    const set = (name: string, value: string) => {
      const i = params.findIndex((p) => p.name === name);
      if (i >= 0) params[i] = { ...params[i], name, value, forceString: true };
      else params.push({ name, value, forceString: true });
    };
    for (const u of updates) {
      if (u.spec.helm.imageSpec) set(u.spec.helm.imageSpec, formatImageRef(u.to));
      else {
        set(u.spec.helm.imageName ?? 'image.name', u.to.name);
        set(u.spec.helm.imageTag ?? 'image.tag', u.to.digest ?? u.to.tag ?? '');
      }
    }
    return { helm: { parameters: params } };
  }
  const images = [...(base.kustomize?.images ?? [])];
  for (const u of updates) {
    const name = u.spec.kustomizeName ?? u.spec.image.name;
    const entry = name === u.to.name ? formatImageRef(u.to) : `${name}=${formatImageRef(u.to)}`;
    const i = images.findIndex(
      (x) => x === name || x.startsWith(`${name}=`) || x.startsWith(`${name}:`) || x.startsWith(`${name}@`),
    );
    if (i >= 0) images[i] = entry;
    else images.push(entry);
  }
  return { kustomize: { images } };
}

export const overrideFileName = (appName: string) => `.argocd-source-${appName}.yaml`;

/** Writes the updates into `<dir>/.argocd-source-<app>.yaml`, keeping what else the file holds. */
export async function writeOverrideFile(
  dir: string,
  appName: string,
  helm: boolean,
  updates: readonly ImageUpdate[],
): Promise<void> {
  const file = join(dir, overrideFileName(appName));
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const doc: unknown = text.trim() ? parse(text) : {};
  if (!isPlainObject(doc))
    throw new ImageError(`${overrideFileName(appName)} is not a map of source overrides`, {
      reason: 'EditFailed',
      hint: 'fix or remove the file; it holds e.g. kustomize: {images: [name:tag]}',
    });
  const o = overrideSource(doc as SourceTools, helm, updates);
  const tool = helm ? 'helm' : 'kustomize';
  const kept = isPlainObject(doc[tool]) ? doc[tool] : {};
  const next = { ...doc, [tool]: { ...kept, ...o[tool] } };
  await writeFile(file, stringify(next));
}
