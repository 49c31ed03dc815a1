// The session's cookies: the Driftless session token (`argocd.token`, as Argo CD's UI), and for SSO the
// ID token (for the provider's logout) and the sealed refresh token that renews the session.
import type { IncomingMessage } from 'node:http';
import { REFRESH_COOKIE, sealRefresh, type HeldRefresh } from './oidc-state.js';

/** The cookie Argo CD's UI reads: the browser sends it on reloads and on the SSE stream (EventSource has no headers). */
export function sessionCookie(token: string, maxAgeSec: number, secure: boolean): string {
  return `argocd.token=${token}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** TLS here, or at a proxy in front that says so: the cookie then never travels in clear text. */
export function servedOverTls(req: IncomingMessage): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return (
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https')
  );
}

/** The raw ID token, kept for the provider's logout (`id_token_hint`, `{{token}}`); never sent to scripts. */
export const ID_TOKEN_COOKIE = 'driftless.id-token';

/**
 * How long the browser keeps the sealed refresh token: the provider decides how long the token itself is
 * good for (a refused renewal ends the session), this only bounds a forgotten browser.
 */
export const REFRESH_COOKIE_MAX_AGE_SEC = 30 * 24 * 3600;

export function cookie(
  name: string,
  value: string,
  maxAgeSec: number,
  secure: boolean,
  sameSite = 'Lax',
): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
}

/** Set-Cookie lines of a new or renewed session; the refresh cookie only when the provider gave a token. */
export function ssoSessionCookies(
  s: { token: string; ttlSec: number; idToken: string; refresh?: HeldRefresh | undefined },
  key: Buffer,
  secure: boolean,
): string[] {
  return [
    sessionCookie(s.token, s.ttlSec, secure),
    cookie(ID_TOKEN_COOKIE, s.idToken, s.refresh ? REFRESH_COOKIE_MAX_AGE_SEC : s.ttlSec, secure, 'Strict'),
    ...(s.refresh
      ? [cookie(REFRESH_COOKIE, sealRefresh(s.refresh, key), REFRESH_COOKIE_MAX_AGE_SEC, secure, 'Strict')]
      : []),
  ];
}

/** Every cookie of a session, cleared (a local session has only the first; clearing the others is harmless). */
export function clearedSessionCookies(secure: boolean): string[] {
  return [
    sessionCookie('', 0, secure),
    cookie(ID_TOKEN_COOKIE, '', 0, secure, 'Strict'),
    cookie(REFRESH_COOKIE, '', 0, secure, 'Strict'),
  ];
}
