// The browser's half of an SSO login in flight (state, nonce, PKCE verifier, where to return), sealed in
// a short-lived cookie with AES-GCM under a key derived from the server's secret: any replica can open it.
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

function keyOf(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'driftless oidc login state', 32));
}

export function sealLogin(p: PendingLogin, secretKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(p), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The pending login, or why not: tampered, sealed under another key, or expired. */
export function openLogin(sealed: string, secretKey: Buffer, nowSec: number): PendingLogin | string {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return 'the login state cookie is malformed';
  let p: PendingLogin;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    p = JSON.parse(text) as PendingLogin;
  } catch {
    return 'the login state cookie was not issued by this server';
  }
  if (nowSec >= p.exp) return 'the login took too long';
  return p;
}

/** Only a local path is a place to return to: `//host` or `https://…` would make an open redirect. */
export function safeReturnUrl(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
