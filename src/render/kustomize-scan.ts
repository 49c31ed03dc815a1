// Walks the kustomizations a build will read, before kustomize runs: remote bases are refused
// unless allowed, and no local reference or symlink may lead outside the repository.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { isPlainObject } from '../model/index.js';
import { KUSTOMIZATION_FILES } from './detect.js';
import { RenderError } from './errors.js';
import { assertNoEscapingSymlinks, isDirectory, resolveInside } from './safe-path.js';

const REMOTE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\.git\b/i;

export function isRemoteReference(ref: string): boolean {
  return REMOTE.test(ref.trim());
}

async function readKustomization(
  dir: string,
): Promise<{ file: string; doc: Record<string, unknown> } | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    try {
      const doc: unknown = parse(text);
      return { file, doc: isPlainObject(doc) ? doc : {} };
    } catch {
      return { file, doc: {} }; // kustomize itself reports the syntax error with its position
    }
  }
  return undefined;
}

export async function scanKustomization(
  repoRoot: string,
  dir: string,
  opts: { allowRemoteBases: boolean },
  seen = new Set<string>(),
): Promise<void> {
  if (seen.has(dir)) return;
  seen.add(dir);
  await assertNoEscapingSymlinks(repoRoot, dir, 'kustomize');
  const k = await readKustomization(dir);
  if (!k) return;
  const fileRel = relative(repoRoot, k.file);
  const refs = ['resources', 'bases', 'components']
    .flatMap((f) => (Array.isArray(k.doc[f]) ? (k.doc[f] as unknown[]) : []))
    .filter((r): r is string => typeof r === 'string');
  for (const ref of refs) {
    if (isRemoteReference(ref)) {
      if (opts.allowRemoteBases) continue;
      throw new RenderError(`remote base ${JSON.stringify(ref)} is not allowed`, {
        reason: 'RemoteBaseRefused',
        tool: 'kustomize',
        file: fileRel,
        hint: 'vendor the base into the repository, or enable remote bases in the repo service settings',
      });
    }
    const target = await resolveInside(repoRoot, relative(repoRoot, join(dir, ref)), {
      what: `${fileRel} reference`,
      tool: 'kustomize',
    });
    if (await isDirectory(target)) await scanKustomization(repoRoot, target, opts, seen);
  }
}
