// Typed API errors: the UI tells "you must sign in again" apart from "the server said no" and "unreachable".
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get unauthenticated(): boolean {
    return this.status === 401;
  }
  get forbidden(): boolean {
    return this.status === 403;
  }
  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Text for a caught error, fit to show a person. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message || `HTTP ${e.status}`;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Reads the server's message from an error body: Argo CD sends {error, message, code}. */
export function messageFromBody(body: string, status: number): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const rec = parsed as Record<string, unknown>;
      const m = rec['message'] ?? rec['error'];
      if (typeof m === 'string' && m) return m;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim() || `HTTP ${status}`;
}
