// Expected API failures as values: an HTTP status, a message for the caller, and a hint what to do.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    /** Extra fields for the JSON body (validation issues, retry delay). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** Argo CD's error body is `{error, code, message}` (gRPC-gateway); we add `hint`. */
  toBody(): Record<string, unknown> {
    return {
      error: this.message,
      message: this.message,
      code: GRPC_CODES[this.status] ?? 2,
      ...(this.hint ? { hint: this.hint } : {}),
      ...this.details,
    };
  }
}

/** gRPC status codes Argo CD clients read from `code`. */
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  412: 9,
  413: 8,
  429: 8,
  500: 13,
  503: 14,
};

export const badRequest = (m: string, hint?: string, details?: Record<string, unknown>) =>
  new HttpError(400, m, hint, details);
export const unauthorized = (m: string, hint?: string) => new HttpError(401, m, hint);
export const forbidden = (m: string, hint?: string) => new HttpError(403, m, hint);
export const notFound = (m: string, hint?: string) => new HttpError(404, m, hint);
export const conflict = (m: string, hint?: string) => new HttpError(409, m, hint);
