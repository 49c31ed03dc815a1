// Vets a targetRevision before it reaches git: nothing that starts with "-", no revision syntax
// that reads files or walks reflogs, and a helper to tell full SHAs from names.
import { GitError } from './errors.js';

const FULL_SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
const SHORT_SHA = /^[0-9a-f]{4,63}$/;

export function isFullSha(rev: string): boolean {
  return FULL_SHA.test(rev);
}

export function looksLikeShortSha(rev: string): boolean {
  return SHORT_SHA.test(rev);
}

/** Returns the revision to resolve (`HEAD` for empty); throws GitError(InvalidRevision) when unsafe. */
export function checkRevision(raw: string | undefined): string {
  const rev = (raw ?? '').trim();
  if (rev === '') return 'HEAD';
  const bad = (why: string) =>
    new GitError(`invalid revision ${JSON.stringify(rev)}: ${why}`, {
      reason: 'InvalidRevision',
      hint: 'use HEAD, a branch name, a tag or a commit SHA',
    });
  if (rev.startsWith('-')) throw bad('it starts with "-" and could be read as an option');
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\s\x00-\x1f\x7f~^:?*[\\]/.test(rev))
    throw bad('it contains characters git does not allow in ref names');
  if (
    rev.includes('..') ||
    rev.includes('@{') ||
    rev.endsWith('.lock') ||
    rev.endsWith('/') ||
    rev.endsWith('.')
  ) {
    throw bad('it is revision syntax, not a name');
  }
  return rev.replace(/^refs\/heads\/(?=.)/, 'refs/heads/');
}
