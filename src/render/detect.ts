// Chooses the tool for a source as Argo CD does: an explicit block wins; otherwise the files at the
// top of the path decide, in Argo CD's walk order (by name), the last match winning — so a
// kustomization beside a Chart.yaml means Kustomize — and anything else is a directory of manifests.
import { readdir } from 'node:fs/promises';
import type { ApplicationSource } from '../model/index.js';
import type { SourceType } from './types.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The source type Argo CD's discovery gives the files at the top of a folder (names, any order). */
export function discoverSourceType(fileNames: readonly string[]): SourceType {
  let found: SourceType = 'Directory';
  // Go's filepath.Walk visits names in byte order; each match overwrites the previous one.
  for (const name of [...fileNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name.endsWith('Chart.yaml')) found = 'Helm';
    if (KUSTOMIZATION_FILES.includes(name)) found = 'Kustomize';
  }
  return found;
}

export async function detectSourceType(
  source: ApplicationSource,
  appDir: string | undefined,
): Promise<SourceType> {
  if (source.chart || source.helm) return 'Helm';
  if (source.kustomize) return 'Kustomize';
  if (source.directory) return 'Directory';
  if (!appDir) return 'Directory';
  const entries = await readdir(appDir, { withFileTypes: true }).catch(() => []);
  return discoverSourceType(entries.filter((e) => !e.isDirectory()).map((e) => e.name));
}
