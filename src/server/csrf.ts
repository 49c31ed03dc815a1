// Cross-site request forgery: a request authenticated only by the session cookie that changes state
// must come from our own origin and be one a plain HTML form cannot send.
import type { IncomingMessage } from 'node:http';
import { forbidden, type HttpError } from './http-error.js';

/** Sent by the UI on every request; a cross-site page cannot add it without a CORS preflight we never allow. */
export const CSRF_HEADER = 'x-requested-by';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function originMatches(origin: string, req: IncomingMessage): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = req.headers['x-forwarded-host'] ?? req.headers.host;
  return typeof host === 'string' && url.host === host.split(',')[0]?.trim();
}

/**
 * Undefined when the request may go on, else the 403 explaining what is missing. Bearer tokens are
 * never sent by a browser on its own, so only cookie sessions are checked.
 */
export function checkCookieRequest(
  req: IncomingMessage,
  via: 'bearer' | 'cookie' | undefined,
): HttpError | undefined {
  if (via !== 'cookie' || SAFE.has(req.method ?? 'GET')) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !originMatches(origin, req))
    return forbidden(
      `cross-site request refused: Origin ${JSON.stringify(origin)} is not this server`,
      'call the API from the Driftless UI, or send the token as Authorization: Bearer',
    );
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && req.headers[CSRF_HEADER] === undefined)
    return forbidden(
      'a request authenticated by the session cookie needs Content-Type: application/json or the X-Requested-By header',
      'send JSON (or X-Requested-By), or send the token as Authorization: Bearer',
    );
  return undefined;
}
