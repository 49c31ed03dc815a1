// Typed Git failures: each carries a reason the controller can put on a condition, and a hint.
import { AbortError } from '../common/errors.js';

export type GitErrorReason =
  | 'InvalidRepoURL'
  | 'InvalidRevision'
  | 'UnknownRevision'
  | 'Unreachable'
  | 'AuthenticationFailed'
  | 'HostKeyVerificationFailed'
  | 'CertificateUntrusted'
  | 'InvalidCredentials'
  | 'NotPermitted'
  | 'Unsupported'
  | 'TooLarge'
  | 'PushRejected'
  | 'Conflict'
  | 'Timeout'
  | 'GitFailed';

export interface GitErrorDetails {
  reason: GitErrorReason;
  /** The repository URL as written, any password replaced. */
  repoURL?: string | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

/** A Git operation failed for a reason the user (or their repository settings) can fix. */
export class GitError extends AbortError {
  readonly reason: GitErrorReason;
  readonly repoURL: string | undefined;
  constructor(message: string, details: GitErrorDetails) {
    super(message, { hint: details.hint, cause: details.cause });
    this.reason = details.reason;
    this.repoURL = details.repoURL;
  }
}

/** A failure reaching a repository registered for other projects only, saying so. */
export function notPermitted(
  repoDisplay: string,
  scopedTo: string[],
  project: string | undefined,
  cause: GitError,
): GitError {
  return new GitError(
    `${cause.message} (repository ${repoDisplay} is registered for project ${scopedTo.join(', ')} only; this application's project is ${project ?? 'none'})`,
    {
      reason: 'NotPermitted',
      repoURL: repoDisplay,
      hint: `move the application to project ${scopedTo[0] ?? ''}, or register the repository for its project`,
      cause,
    },
  );
}
