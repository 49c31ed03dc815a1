// Typed errors: what the user can fix (with a hint), what a subprocess did, and what is our bug.

export interface ErrorDetails {
  /** What to do next, shown under the message. */
  hint?: string | undefined;
  cause?: unknown;
}

/** Base class: every error of ours carries an optional hint. */
export class DriftlessError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.hint = details.hint;
  }
}

/** The user (or their input) can fix this; no stack trace is shown. */
export class AbortError extends DriftlessError {}

/** Something is wrong in Driftless itself. */
export class BugError extends DriftlessError {}

export interface ExternalErrorDetails extends ErrorDetails {
  command: string;
  args: readonly string[];
  exitCode: number | null;
  stderr: string;
  timedOut?: boolean;
}

/** A subprocess (git, helm, kustomize, …) failed; carries what ran and what it said. */
export class ExternalError extends DriftlessError {
  readonly command: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
  constructor(message: string, details: ExternalErrorDetails) {
    super(message, details);
    this.command = details.command;
    this.args = details.args;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
    this.timedOut = details.timedOut ?? false;
  }
}

/** One clear line (plus a hint line) for a person; a stack only for bugs. */
export function formatError(err: unknown, opts: { verbose?: boolean } = {}): string {
  if (err instanceof DriftlessError) {
    const lines = [`error: ${err.message}`];
    if (err.hint) lines.push(`hint: ${err.hint}`);
    if (err instanceof BugError || opts.verbose) lines.push(err.stack ?? '');
    return lines.filter(Boolean).join('\n');
  }
  if (err instanceof Error) {
    return `error: ${err.message}\n(this is a bug in driftless; please report it)\n${err.stack ?? ''}`;
  }
  return `error: ${String(err)}`;
}

/** The message of anything thrown, for conditions and logs. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
