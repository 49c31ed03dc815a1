// Lays the bad-input cases out as one Git repository (a folder per case) beside a canary file
// outside it, and substitutes the `$…` placeholders; shared by the offline and server runs.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../../../src/render/testing/fixture-repo.js';
import type { BadInputCase } from './bad-input-cases.js';

export interface BadInputRepo {
  root: string;
  url: string;
  sha: string;
  /** A file outside the checkout whose content must never appear anywhere. */
  canaryPath: string;
  canaryToken: string;
  /** A path that injected commands would create. */
  pwnedPath: string;
  caseDir(index: number): string;
  fill(text: string, index: number): string;
}

export async function makeBadInputRepo(cases: readonly BadInputCase[]): Promise<BadInputRepo> {
  const root = await mkdtemp(join(tmpdir(), 'driftless-security-'));
  const canaryDir = join(root, 'outside');
  await mkdir(canaryDir);
  const canaryToken = `CANARY-${randomUUID()}`;
  const canaryPath = join(canaryDir, 'secret.txt');
  // A valid object, so that a renderer that read it would print the token.
  await writeFile(
    canaryPath,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: canary\ndata:\n  token: ${canaryToken}\n`,
  );
  const pwnedPath = join(root, 'pwned');
  const repoDir = join(root, 'repo');
  const caseDir = (i: number) => `cases/c${i}`;
  const fill = (text: string, i: number) =>
    text
      .split('$CANARY_NOSLASH')
      .join(canaryPath.slice(1))
      .split('$CANARY_DIR')
      .join(canaryDir)
      .split('$CANARY')
      .join(canaryPath)
      .split('$PWNED')
      .join(pwnedPath)
      .split('$CASE')
      .join(caseDir(i))
      .split('$REPO')
      .join(`file://${repoDir}`);
  for (const [i, c] of cases.entries()) {
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const p = join(repoDir, caseDir(i), name);
      await mkdir(dirname(p), { recursive: true });
      if (typeof content === 'object' && !Buffer.isBuffer(content))
        await symlink(fill(content.symlink, i), p);
      else await writeFile(p, typeof content === 'string' ? fill(content, i) : content);
    }
  }
  await mkdir(repoDir, { recursive: true });
  await git(repoDir, 'init', '--quiet', '--initial-branch=main');
  await git(repoDir, 'add', '-A');
  await git(repoDir, 'commit', '--quiet', '--allow-empty', '-m', 'bad inputs');
  const sha = await git(repoDir, 'rev-parse', 'HEAD');
  return { root, url: `file://${repoDir}`, sha, canaryPath, canaryToken, pwnedPath, caseDir, fill };
}
