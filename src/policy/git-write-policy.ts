// The project's rule for commits Driftless writes (rollback --git, promote): push to the app's branch, or
// push a branch for review. An AppProject annotation, since Argo CD's AppProject has no such field.
import { AbortError } from '../common/errors.js';
import type { AppProject } from '../model/index.js';

export const ANNOTATION_GIT_WRITE = 'driftless.io/git-write';

export type GitWritePolicy = 'direct' | 'review';

/** `direct` (the default) or `review`; anything else is refused rather than guessed. */
export function gitWritePolicy(project: AppProject | undefined): GitWritePolicy {
  const v = project?.metadata.annotations?.[ANNOTATION_GIT_WRITE]?.trim();
  if (v === undefined || v === '' || v === 'direct') return 'direct';
  if (v === 'review') return 'review';
  throw new AbortError(
    `AppProject ${project?.metadata.name ?? ''}: ${ANNOTATION_GIT_WRITE} is ${JSON.stringify(v)}; it must be direct or review`,
    {
      hint: `kubectl annotate appproject ${project?.metadata.name ?? 'NAME'} ${ANNOTATION_GIT_WRITE}=review --overwrite`,
    },
  );
}
