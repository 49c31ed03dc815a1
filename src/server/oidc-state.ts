// What the browser carries for SSO, sealed with AES-GCM under a key derived from the server's secret (any
// replica can open it): the login in flight (state, nonce, PKCE verifier, where to return) and the
// provider's refresh token of a session.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  /** A path on this server (never another site). */
  returnUrl: string;
  /** Seconds since the epoch after which the login is void. */
  exp: number;
}

export const STATE_COOKIE = 'driftless.oidc-state';
export const STATE_TTL_SEC = 600;

/** What a sealed value is for: a value sealed for one purpose never opens as another. */
type Purpose = 'driftless oidc login state' | 'driftless oidc refresh token';

function keyOf(secretKey: Buffer, purpose: Purpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), purpose, 32));
}

function seal(value: unknown, secretKey: Buffer, purpose: Purpose): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey, purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed JSON, 'malformed', or 'foreign' (tampered, or sealed under another key or purpose). */
function open(sealed: string, secretKey: Buffer, purpose: Purpose): unknown {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return 'malformed';
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return { value: JSON.parse(text) as unknown };
  } catch {
    return 'foreign';
  }
}

export function sealLogin(p: PendingLogin, secretKey: Buffer): string {
  return seal(p, secretKey, 'driftless oidc login state');
}

/** The pending login, or why not: tampered, sealed under another key, or expired. */
export function openLogin(sealed: string, secretKey: Buffer, nowSec: number): PendingLogin | string {
  const r = open(sealed, secretKey, 'driftless oidc login state');
  if (r === 'malformed') return 'the login state cookie is malformed';
  if (r === 'foreign') return 'the login state cookie was not issued by this server';
  const p = (r as { value: PendingLogin }).value;
  if (nowSec >= p.exp) return 'the login took too long';
  return p;
}

/** The provider's refresh token of one SSO session, and whose it is. */
export interface HeldRefresh {
  refreshToken: string;
  /** The subject and issuer the session was issued to: a renewal for anyone else is refused. */
  sub: string;
  iss: string;
}

export const REFRESH_COOKIE = 'driftless.oidc-refresh';

export function sealRefresh(h: HeldRefresh, secretKey: Buffer): string {
  return seal(h, secretKey, 'driftless oidc refresh token');
}

export function openRefresh(sealed: string, secretKey: Buffer): HeldRefresh | undefined {
  const r = open(sealed, secretKey, 'driftless oidc refresh token');
  if (typeof r === 'string') return undefined;
  const h = (r as { value: Partial<HeldRefresh> }).value;
  if (typeof h.refreshToken !== 'string' || typeof h.sub !== 'string' || typeof h.iss !== 'string')
    return undefined;
  return h as HeldRefresh;
}

/** Only a local path is a place to return to: `//host` or `https://…` would make an open redirect. */
export function safeReturnUrl(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
