// Typed image-update failures: a reason for events and exit codes, and a hint the user can act on.
import { AbortError } from '../common/errors.js';

export type ImageErrorReason =
  | 'InvalidReference'
  | 'InvalidAnnotation'
  | 'EditFailed'
  | 'NotFound'
  | 'RegistryUnreachable'
  | 'RegistryAuth'
  | 'RegistryError'
  | 'RegistryRateLimited'
  | 'PlatformMissing';

export class ImageError extends AbortError {
  readonly reason: ImageErrorReason;
  constructor(
    message: string,
    details: { reason: ImageErrorReason; hint?: string | undefined; cause?: unknown },
  ) {
    super(message, { hint: details.hint, cause: details.cause });
    this.reason = details.reason;
  }
}
