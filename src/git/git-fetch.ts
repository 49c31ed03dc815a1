// One `git fetch` into a cached bare repository, with a size cap git itself does not have: the
// object directory is watched and the fetch stopped (and the cache dropped) past the limit; and how a
// commit is brought in (that commit alone first, everything when the server will not serve it).
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExternalError } from '../common/errors.js';
import { GitError } from './errors.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import type { RepoURL } from './repo-url.js';

export interface FetchOptions {
  /** The repository's cache directory; the bare repository is `<repoDir>/git`. */
  repoDir: string;
  repo: RepoURL;
  refspecs: readonly string[];
  /** `--depth=1` for one commit; `unshallow` to fill in history a shallow fetch left out. */
  depth?: 'one' | 'unshallow' | undefined;
  maxRepoBytes: number;
  run: GitRunOptions;
}

export async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const s = await stat(join(e.parentPath, e.name)).catch(() => undefined);
    total += s?.size ?? 0;
  }
  return total;
}

export async function fetchInto(opts: FetchOptions): Promise<void> {
  const gitDir = join(opts.repoDir, 'git');
  if (!(await exists(join(gitDir, 'HEAD')))) {
    await mkdir(gitDir, { recursive: true });
    await runGit(['init', '--bare', '--quiet', gitDir], opts.run);
  }
  const limit = opts.maxRepoBytes;
  const abort = new AbortController();
  let tooLarge = false;
  const watcher = setInterval(() => {
    void dirSize(join(gitDir, 'objects')).then((n) => {
      if (n > limit && !abort.signal.aborted) {
        tooLarge = true;
        abort.abort();
      }
    });
  }, 200);
  const depth =
    opts.depth === 'one'
      ? ['--depth=1']
      : opts.depth === 'unshallow' && (await exists(join(gitDir, 'shallow')))
        ? ['--unshallow']
        : [];
  try {
    await runGit(
      [
        'fetch',
        '--quiet',
        '--prune',
        '--force',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        ...depth,
        '--',
        opts.repo.gitURL,
        ...opts.refspecs,
      ],
      { ...opts.run, gitDir, signal: abort.signal },
    );
    if ((await dirSize(join(gitDir, 'objects'))) > limit) tooLarge = true;
  } catch (e) {
    if (!(tooLarge && e instanceof ExternalError)) throw e;
  } finally {
    clearInterval(watcher);
  }
  if (tooLarge) {
    await rm(opts.repoDir, { recursive: true, force: true });
    throw new GitError(`repository ${opts.repo.display} is larger than the limit of ${limit} bytes`, {
      reason: 'TooLarge',
      repoURL: opts.repo.display,
      hint: 'raise the repository size limit (maxRepoBytes) or split the repository',
    });
  }
}

/** Every branch and tag. */
export const ALL_REFS: readonly string[] = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

export interface CommitFetch {
  sha: string;
  repoDisplay: string;
  /** Whether the cache holds the commit. */
  has(): Promise<boolean>;
  fetch(refspecs: readonly string[], depth: 'one' | 'unshallow'): Promise<void>;
}

/** Brings `sha` into the cache: the commit alone, one level deep; all refs with history if that fails. */
export async function fetchCommit(c: CommitFetch): Promise<void> {
  if (await c.has()) return;
  const shallow = await c.fetch([`+${c.sha}:refs/driftless/c/${c.sha}`], 'one').then(
    () => undefined,
    (e: unknown) => e,
  );
  // Servers that refuse a fetch by SHA fail as GitFailed/UnknownRevision; anything else (auth, TLS) stands.
  if (shallow instanceof GitError && shallow.reason !== 'GitFailed' && shallow.reason !== 'UnknownRevision')
    throw shallow;
  if (!(await c.has())) await c.fetch(ALL_REFS, 'unshallow');
  if (!(await c.has()))
    throw new GitError(`commit ${c.sha} not found in ${c.repoDisplay}`, {
      reason: 'UnknownRevision',
      repoURL: c.repoDisplay,
      hint: 'the commit may have been force-pushed away; check targetRevision',
    });
}
