// Typed render failures: the tool that failed, its message, and the file and line when known.
import { AbortError } from '../common/errors.js';

export type RenderTool = 'directory' | 'kustomize' | 'helm' | 'jsonnet' | 'sops' | 'validate' | 'plugin';

export type RenderErrorReason =
  | 'PathEscape'
  | 'PathNotFound'
  | 'InvalidManifest'
  | 'InvalidObject'
  | 'DuplicateObject'
  | 'ToolFailed'
  | 'ToolMissing'
  | 'Timeout'
  | 'ValueFileMissing'
  | 'RemoteBaseRefused'
  | 'ChartNotFound'
  | 'SandboxUnavailable'
  | 'LimitExceeded'
  | 'DecryptFailed'
  | 'PluginNotFound';

export interface RenderErrorDetails {
  reason: RenderErrorReason;
  tool: RenderTool;
  /** Path relative to the repository root, when known. */
  file?: string | undefined;
  line?: number | undefined;
  hint?: string | undefined;
  cause?: unknown;
}

/** Manifest generation failed for a reason in the source (or its tools) that the user can fix. */
export class RenderError extends AbortError {
  readonly reason: RenderErrorReason;
  readonly tool: RenderTool;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** What went wrong, without the location prefix (to rebuild the error across a worker thread). */
  readonly summary: string;
  constructor(message: string, details: RenderErrorDetails) {
    const where = details.file ? `${details.file}${details.line ? `:${details.line}` : ''}: ` : '';
    super(`${where}${message}`, { hint: details.hint, cause: details.cause });
    this.summary = message;
    this.reason = details.reason;
    this.tool = details.tool;
    this.file = details.file;
    this.line = details.line;
  }
}
