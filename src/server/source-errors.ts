// Git and render failures met while answering a request, as HTTP errors that keep their message and hint.
// (The server layer may not import git/ or render/: their errors are AbortErrors with a `reason`.)
import { AbortError } from '../common/errors.js';
import { HttpError } from './http-error.js';

const NOT_FOUND = new Set(['UnknownRevision', 'PathNotFound', 'ChartNotFound']);
/** The repository or a tool failed, not the request. */
const UPSTREAM = new Set([
  'Unreachable',
  'AuthenticationFailed',
  'HostKeyVerificationFailed',
  'CertificateUntrusted',
  'NotPermitted',
  'Timeout',
  'TooLarge',
  'GitFailed',
  'ToolFailed',
  'ToolMissing',
  'RepoServerUnavailable',
]);

function reasonOf(e: AbortError): string {
  const r: unknown = (e as AbortError & { reason?: unknown }).reason;
  return typeof r === 'string' ? r : '';
}

/** The HttpError for a user-fixable failure (AbortError); undefined for anything else (a bug: dispatch logs it). */
export function sourceHttpError(e: unknown): HttpError | undefined {
  if (!(e instanceof AbortError)) return undefined;
  const reason = reasonOf(e);
  const status = NOT_FOUND.has(reason) ? 404 : UPSTREAM.has(reason) ? 502 : reason === 'Conflict' ? 409 : 400;
  return new HttpError(status, e.message, e.hint);
}

/** Runs `fn`, turning Git and render failures into HttpErrors. */
export async function withSourceErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw sourceHttpError(e) ?? e;
  }
}
