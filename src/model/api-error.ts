// Errors from the API server (with the Status object's reason) and from reaching it at all.
import { DriftlessError, type ErrorDetails } from '../common/errors.js';
import { isPlainObject } from './kube-object.js';

/** The API server answered with a non-2xx status (or a watch ERROR event). */
export class KubeApiError extends DriftlessError {
  /** HTTP status code (404, 409, 410, 422, …). */
  readonly code: number;
  /** Status.reason, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Expired`, `Invalid`. */
  readonly reason: string;
  /** The Status object as sent, when there was one. */
  readonly status: Record<string, unknown> | undefined;
  readonly method: string;
  readonly path: string;

  constructor(
    message: string,
    info: { code: number; reason: string; status?: Record<string, unknown>; method: string; path: string },
    details: ErrorDetails = {},
  ) {
    super(message, details);
    this.code = info.code;
    this.reason = info.reason;
    this.status = info.status;
    this.method = info.method;
    this.path = info.path;
  }

  /** Builds the error from a response body, which is usually a `Status` object. */
  static fromResponse(method: string, path: string, code: number, body: string): KubeApiError {
    let status: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(body);
      if (isPlainObject(parsed)) status = parsed;
    } catch {
      // Not JSON (e.g. a proxy's HTML page): keep the text as the message.
    }
    return KubeApiError.fromStatus(method, path, code, status, body);
  }

  static fromStatus(
    method: string,
    path: string,
    code: number,
    status: Record<string, unknown> | undefined,
    fallbackText = '',
  ): KubeApiError {
    const reason = typeof status?.reason === 'string' ? status.reason : reasonForCode(code);
    const text = typeof status?.message === 'string' ? status.message : fallbackText.slice(0, 500);
    const info = { code, reason, method, path, ...(status ? { status } : {}) };
    return new KubeApiError(`${method} ${path}: ${code} ${reason}: ${text}`, info, {
      hint: hintForCode(code),
    });
  }
}

/** The API server could not be reached or the connection broke. */
export class KubeConnectionError extends DriftlessError {}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}
export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409;
}
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason === 'AlreadyExists';
}
/** 410 Gone: a watch or list continue token's resourceVersion is too old; re-list. */
export function isGone(err: unknown): boolean {
  return (
    err instanceof KubeApiError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')
  );
}
export function isForbidden(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 403;
}
export function isInvalid(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 422;
}

function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? `HTTP${code}`;
}

function hintForCode(code: number): string | undefined {
  if (code === 401) return 'the credentials were rejected: check the token or client certificate';
  if (code === 403) return 'the identity lacks RBAC permission for this request';
  return undefined;
}
