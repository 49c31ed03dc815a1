// Chooses the tool for a source as Argo CD does: an explicit block wins, then Chart.yaml → Helm,
// a kustomization file → Kustomize, anything else → a directory of manifests.
import { readdir } from 'node:fs/promises';
import type { ApplicationSource } from '../model/index.js';
import type { SourceType } from './types.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export async function detectSourceType(
  source: ApplicationSource,
  appDir: string | undefined,
): Promise<SourceType> {
  if (source.chart || source.helm) return 'Helm';
  if (source.kustomize) return 'Kustomize';
  if (source.directory) return 'Directory';
  if (!appDir) return 'Directory';
  const names = new Set(await readdir(appDir).catch(() => []));
  if (names.has('Chart.yaml')) return 'Helm';
  if (KUSTOMIZATION_FILES.some((f) => names.has(f))) return 'Kustomize';
  return 'Directory';
}
