// Repository identity for matching push events to apps: scheme, user, port, `.git` and case do not matter
// for hosted repositories (as Argo CD's webhook matching), while file:// paths keep their case.

/** One key per repository however its URL is spelled (https, ssh, scp-like `git@host:path`). */
export function repoKey(url: string): string {
  const u = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '');
  if (/^file:\/\//i.test(u)) return `file://${u.slice('file://'.length).replace(/^localhost(?=\/)/, '')}`;
  const scp = /^[\w.~-]+@([^:/]+):(?!\/)(.*)$/.exec(u);
  if (scp) return `${(scp[1] ?? '').toLowerCase()}/${(scp[2] ?? '').replace(/^\/+/, '')}`.toLowerCase();
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?(\/.*)?$/i.exec(u);
  if (!m) return u.toLowerCase();
  const host = (m[1] ?? '').toLowerCase().replace(/^www\./, '');
  return `${host}${m[2] ?? ''}`.toLowerCase();
}

export interface PushedRef {
  name: string;
  kind: 'branch' | 'tag';
}

/** Short name and kind of a full ref (`refs/heads/main`, `refs/tags/v1`); other refs are not pushes we track. */
export function parseRef(ref: string): PushedRef | undefined {
  if (ref.startsWith('refs/heads/')) return { name: ref.slice('refs/heads/'.length), kind: 'branch' };
  if (ref.startsWith('refs/tags/')) return { name: ref.slice('refs/tags/'.length), kind: 'tag' };
  return undefined;
}

/**
 * Whether an app's targetRevision follows one of the pushed refs: HEAD (or empty) follows the default
 * branch (any branch when the provider does not say which is default); a name follows the ref of that
 * name; `refs/heads/x` and `refs/tags/x` follow only that kind. A commit SHA follows nothing.
 */
export function revisionFollows(
  targetRevision: string | undefined,
  refs: readonly PushedRef[],
  defaultBranch: string | undefined,
): boolean {
  const t = (targetRevision ?? '').trim();
  if (t === '' || t === 'HEAD')
    return refs.some((r) => r.kind === 'branch' && (defaultBranch === undefined || r.name === defaultBranch));
  const full = parseRef(t);
  if (full) return refs.some((r) => r.kind === full.kind && r.name === full.name);
  return refs.some((r) => r.name === t);
}
