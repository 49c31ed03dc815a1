// Submodules as Argo CD fetches them: `.gitmodules` read from the checkout, each gitlink's commit
// from the tree, relative URLs resolved against the superproject's URL, paths kept inside, and each
// submodule's own checkout copied into place.
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GitError } from './errors.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { parseRepoURL, type RepoURL } from './repo-url.js';

const MAX_SUBMODULE_DEPTH = 5;

export interface Submodule {
  name: string;
  path: string;
  url: string;
}

/** Parses `git config -f .gitmodules --get-regexp '^submodule\..*\.(path|url)$'` output. */
export function parseGitmodules(stdout: string): Submodule[] {
  const byName = new Map<string, Partial<Submodule>>();
  for (const line of stdout.split('\n')) {
    const m = /^submodule\.(.+)\.(path|url) (.+)$/.exec(line.trim());
    if (!m) continue;
    const [, name = '', key, value = ''] = m;
    const entry = byName.get(name) ?? { name };
    if (key === 'path') entry.path = value;
    else entry.url = value;
    byName.set(name, entry);
  }
  const out: Submodule[] = [];
  for (const e of byName.values())
    if (e.name && e.path && e.url) out.push({ name: e.name, path: e.path, url: e.url });
  return out;
}

/** The commit a gitlink points at, from `git ls-tree <sha> -- <path>`; undefined when it is not a gitlink. */
export function parseGitlink(stdout: string): string | undefined {
  const m = /^160000 commit ([0-9a-f]{40,64})\t/.exec(stdout);
  return m?.[1];
}

/** A submodule path must stay inside the checkout. */
export function checkSubmodulePath(path: string): string {
  const clean = path.replace(/\/+$/, '');
  if (!clean || clean.startsWith('/') || clean.split('/').some((s) => s === '..' || s === '.git'))
    throw new GitError(`submodule path ${JSON.stringify(path)} leaves the repository`, {
      reason: 'GitFailed',
      hint: 'fix the path in .gitmodules',
    });
  return clean;
}

/** Resolves `./x` and `../x` against the superproject's URL (as git does); absolute URLs pass through. */
export function resolveSubmoduleURL(parentURL: string, url: string): string {
  if (!url.startsWith('./') && !url.startsWith('../')) return url;
  const scp = /^([^@/:]+@[^:/]+):(.*)$/.exec(parentURL);
  if (scp && !parentURL.includes('://')) {
    const segments = (scp[2] ?? '').replace(/\/+$/, '').split('/');
    for (const part of url.split('/')) {
      if (part === '..') segments.pop();
      else if (part !== '.' && part !== '') segments.push(part);
    }
    return `${scp[1] ?? ''}:${segments.join('/')}`;
  }
  return new URL(url, `${parentURL.replace(/\/+$/, '')}/`).toString();
}

export interface SubmoduleCheckout {
  repo: RepoURL;
  sha: string;
  /** The superproject's fresh work tree (holding .gitmodules). */
  tree: string;
  gitDir: string;
  /** How deep this superproject is itself nested. */
  depth: number;
  run: GitRunOptions;
  /** A submodule's commit checked out through the same cache (its directory). */
  checkout(sub: RepoURL, sha: string): Promise<string>;
  /** Called for a submodule on the superproject's host and transport (it may borrow its credentials). */
  lend(sub: RepoURL): void;
}

/** Puts every submodule's commit at its path in `tree`. */
export async function checkoutSubmodules(c: SubmoduleCheckout): Promise<void> {
  const { repo } = c;
  if (c.depth >= MAX_SUBMODULE_DEPTH)
    throw new GitError(`submodules of ${repo.display} nest deeper than ${MAX_SUBMODULE_DEPTH} levels`, {
      reason: 'GitFailed',
      repoURL: repo.display,
    });
  const list = await runGit(
    ['config', '-f', join(c.tree, '.gitmodules'), '--get-regexp', '^submodule\\..*\\.(path|url)$'],
    c.run,
  ).catch(() => ({ stdout: '' }));
  for (const sub of parseGitmodules(list.stdout)) {
    const path = checkSubmodulePath(sub.path);
    const ls = await runGit(['ls-tree', c.sha, '--', path], { ...c.run, gitDir: c.gitDir });
    const subSha = parseGitlink(ls.stdout);
    if (!subSha) continue;
    const subRepo = parseRepoURL(resolveSubmoduleURL(repo.gitURL, sub.url));
    if (subRepo.transport === repo.transport && hostOf(subRepo) === hostOf(repo)) c.lend(subRepo);
    const subDir = await c.checkout(subRepo, subSha);
    await rm(join(c.tree, path), { recursive: true, force: true });
    await cp(subDir, join(c.tree, path), { recursive: true, verbatimSymlinks: true });
  }
}

function hostOf(repo: RepoURL): string {
  return /^[a-z]+:\/\/(?:[^@/]*@)?([^/]+)/i.exec(repo.normalized)?.[1] ?? '';
}
