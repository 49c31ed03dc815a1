// Parses `git ls-remote` output and resolves a revision name against it the way git orders
// ambiguous names (exact ref, then tags, then branches); tags resolve to the commit they point at.

/** Ref name → object id; annotated tags also carry `<name>^{}` with the commit id. */
export type RemoteRefs = ReadonlyMap<string, string>;

export function parseLsRemote(stdout: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name && /^[0-9a-f]{40,64}$/.test(sha)) refs.set(name.trim(), sha);
  }
  return refs;
}

/** The commit a name points at according to the remote's refs, or undefined when it names no ref. */
export function resolveFromRefs(refs: RemoteRefs, rev: string): string | undefined {
  const candidates =
    rev === 'HEAD' ? ['HEAD'] : [rev, `refs/${rev}`, `refs/tags/${rev}`, `refs/heads/${rev}`];
  for (const name of candidates) {
    if (!name.startsWith('refs/') && name !== 'HEAD') continue;
    const peeled = refs.get(`${name}^{}`);
    if (peeled) return peeled;
    const direct = refs.get(name);
    if (direct) return direct;
  }
  return undefined;
}

/** Tag names (without `refs/tags/`) whose commit is `sha`. */
export function tagsPointingAt(refs: RemoteRefs, sha: string): string[] {
  const out: string[] = [];
  for (const name of refs.keys()) {
    if (!name.startsWith('refs/tags/') || name.endsWith('^{}')) continue;
    if (resolveFromRefs(refs, name) === sha) out.push(name.slice('refs/tags/'.length));
  }
  return out;
}
