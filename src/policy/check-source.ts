// AppProject.spec.sourceRepos: may an application take its manifests from this repository?
import type { AppProject } from '../model/index.js';
import { globMatch } from './glob-match.js';
import { ALLOWED, denied, isDenyPattern, listForMessage, type PolicyResult } from './policy-result.js';

/**
 * Argo CD compares repository URLs after normalizing them: lower case, no `.git` suffix, and scp-like
 * `git@host:path` written as `git@host/path` (as `ssh://git@host/path` becomes), so spellings of one repository agree.
 */
export function normalizeRepoURL(url: string): string {
  let u = url.trim().toLowerCase();
  const scpLike = /^[^/:@]+@[^/:]+:(?!\/\/)/.test(u) && !u.includes('://');
  if (scpLike) u = u.replace(':', '/');
  u = u.replace(/^ssh:\/\//, '');
  u = u.replace(/\/+$/, '');
  return u.endsWith('.git') ? u.slice(0, -4) : u;
}

function normalizePattern(pattern: string): string {
  return isDenyPattern(pattern) ? `!${normalizeRepoURL(pattern.slice(1))}` : normalizeRepoURL(pattern);
}

/**
 * Argo CD's rule: the repository must match at least one allow pattern, and must match no `!` pattern's glob.
 * `*` in a pattern stays within one path segment; `**` crosses segments.
 */
export function checkSourceAllowed(project: AppProject, repoURL: string): PolicyResult {
  const patterns = project.spec.sourceRepos ?? [];
  const repo = normalizeRepoURL(repoURL);
  let allowedBy: string | undefined;
  for (const raw of patterns) {
    const pattern = normalizePattern(raw);
    if (isDenyPattern(pattern)) {
      if (globMatch(pattern.slice(1), repo, { separator: '/' })) {
        return denied(
          `repository ${repoURL} is denied by sourceRepos entry "${raw}" in project "${project.metadata.name}"`,
        );
      }
      // A deny entry is also an allow entry for everything it does not deny, as in Argo CD.
      allowedBy ??= raw;
    } else if (globMatch(pattern, repo, { separator: '/' })) {
      allowedBy ??= raw;
    }
  }
  if (allowedBy !== undefined) return ALLOWED;
  return denied(
    `repository ${repoURL} is not permitted in project "${project.metadata.name}" ${listForMessage('sourceRepos', patterns)}`,
  );
}
