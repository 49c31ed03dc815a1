// A targetRevision looked up in a remote's refs, in Argo CD's order: an exact branch, tag or HEAD, then
// a semver constraint on tags (the newest match); what neither names may still be an abbreviated SHA.
import { maxSatisfying, type Constraint } from '../common/semver.js';
import { GitError } from './errors.js';
import { resolveFromRefs, type RemoteRefs } from './ls-remote.js';
import { checkRevision, looksLikeShortSha } from './revision.js';

/**
 * The commit `raw` names among `refs`, or undefined when it may be an abbreviated SHA (the caller
 * fetches to find out). A constraint no tag satisfies (and that is no SHA) is an UnknownRevision.
 */
export function revisionFromRefs(
  refs: RemoteRefs,
  raw: string,
  constraint: Constraint | undefined,
  repoDisplay: string,
): string | undefined {
  const name = safeRevision(raw);
  const exact = name === undefined ? undefined : resolveFromRefs(refs, name);
  if (exact || !constraint) return exact;
  const tags = [...refs.keys()].filter((r) => r.startsWith('refs/tags/') && !r.endsWith('^{}'));
  const best = maxSatisfying(
    tags.map((t) => t.slice('refs/tags/'.length)),
    constraint,
  );
  const sha = best ? resolveFromRefs(refs, `refs/tags/${best.raw}`) : undefined;
  if (sha || looksLikeShortSha(raw || 'HEAD')) return sha;
  throw new GitError(
    `no tag of ${repoDisplay} matches the version constraint ${JSON.stringify(raw)} (${tags.length} tags)`,
    {
      reason: 'UnknownRevision',
      repoURL: repoDisplay,
      hint: 'push a tag such as v1.2.3 that satisfies the constraint, or change targetRevision',
    },
  );
}

/** A name safe to look up among refs (constraints such as `>=1.0 <2` are not). */
function safeRevision(raw: string): string | undefined {
  try {
    return checkRevision(raw);
  } catch {
    return undefined;
  }
}
