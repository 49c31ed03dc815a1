// Test helper: copies testdata/render into a fresh Git repository (one commit, fixed author and
// date so the SHA is stable) and returns its file:// URL.
import { cp, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execChecked } from '../../common/exec.js';

export interface FixtureRepo {
  dir: string;
  url: string;
  sha: string;
}

export function testdataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'testdata', 'render'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('testdata/render not found');
    dir = up;
  }
  return join(dir, 'testdata', 'render');
}

const gitEnv = {
  GIT_AUTHOR_NAME: 'driftless-test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'driftless-test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function git(dir: string, ...args: string[]): Promise<string> {
  return (await execChecked('git', args, { cwd: dir, env: gitEnv })).stdout.trim();
}

/** A repository holding testdata/render at its root, on branch `main`, tagged `v1`. */
export async function makeFixtureRepo(parent?: string): Promise<FixtureRepo> {
  const dir = await mkdtemp(join(parent ?? tmpdir(), 'driftless-fixture-'));
  await cp(testdataDir(), dir, { recursive: true, verbatimSymlinks: true });
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '--quiet', '-m', 'fixtures');
  await git(dir, 'tag', 'v1');
  return { dir, url: `file://${dir}`, sha: await git(dir, 'rev-parse', 'HEAD') };
}

/** Adds a commit changing one file; returns the new SHA. */
export async function commitFile(repo: FixtureRepo, path: string, content: string): Promise<string> {
  const { writeFile, mkdir } = await import('node:fs/promises');
  await mkdir(dirname(join(repo.dir, path)), { recursive: true });
  await writeFile(join(repo.dir, path), content);
  await git(repo.dir, 'add', '-A');
  await git(repo.dir, 'commit', '--quiet', '-m', `change ${path}`);
  return git(repo.dir, 'rev-parse', 'HEAD');
}

/** Writes `files` (relative path → text) under `root`, creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  const { writeFile, mkdir } = await import('node:fs/promises');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** A fresh repository (branch `main`) holding `files` in one commit. */
export async function repoWithFiles(files: Record<string, string>): Promise<FixtureRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-files-repo-'));
  await writeFiles(dir, files);
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '--quiet', '-m', 'files');
  return { dir, url: `file://${dir}`, sha: await git(dir, 'rev-parse', 'HEAD') };
}
