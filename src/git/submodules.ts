// Submodules as Argo CD fetches them: `.gitmodules` read from the checkout, each gitlink's commit
// from the tree, relative URLs resolved against the superproject's URL, paths kept inside.
import { GitError } from './errors.js';

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
