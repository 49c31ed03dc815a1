// JSON Web Tokens signed with HS256 through node:crypto: sign, verify signature and expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  /** Account name, or `proj:<project>:<role>` for project role tokens. */
  sub: string;
  iat: number;
  exp?: number;
  nbf?: number;
  /** Token id: API keys and project tokens are listed (and revoked) by it. */
  jti?: string;
  iss?: string;
  /** SSO sessions: the RBAC subjects the ID token gave (its scope claims' values). */
  groups?: string[];
  /** SSO sessions: the user's email, shown as their name. */
  email?: string;
}

export type JwtVerify = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

/**
 * Decodes base64url strictly: only the URL alphabet, no padding, and the canonical encoding (a
 * token whose last character carries stray bits, or with a trailing `=`, is a different string).
 */
export function decodeB64urlStrict(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? b : undefined;
}

function signature(input: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

export function signJwt(claims: JwtClaims, key: Buffer): string {
  const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${signature(body, key).toString('base64url')}`;
}

function parseClaims(text: string): JwtClaims | undefined {
  try {
    const raw = decodeB64urlStrict(text);
    if (!raw) return undefined;
    const v: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const c = v as Record<string, unknown>;
    if (typeof c.sub !== 'string' || typeof c.iat !== 'number') return undefined;
    return v as JwtClaims;
  } catch {
    return undefined;
  }
}

/** Tokens whose signature and claims were checked, per key: each request of a session costs a lookup. */
const verified = new WeakMap<Buffer, Map<string, JwtClaims>>();
const MAX_VERIFIED = 10_000;

/** Verifies an HS256 token; `nowSec` is injected so expiry is tested without waiting. */
export function verifyJwt(token: string, key: Buffer, nowSec: number): JwtVerify {
  let known = verified.get(key);
  let claims = known?.get(token);
  if (!claims) {
    const checked = verifySignature(token, key);
    if (!checked.ok) return checked;
    claims = checked.claims;
    if (!known) verified.set(key, (known = new Map()));
    if (known.size >= MAX_VERIFIED) known.clear();
    known.set(token, claims);
  }
  // Time is checked on every use: a remembered token still expires.
  if (claims.exp !== undefined && nowSec >= claims.exp) return { ok: false, reason: 'the token has expired' };
  if (claims.nbf !== undefined && nowSec < claims.nbf)
    return { ok: false, reason: 'the token is not valid yet' };
  return { ok: true, claims };
}

function verifySignature(token: string, key: Buffer): JwtVerify {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the token is not a JWT' };
  const [header = '', payload = '', sig = ''] = parts;
  // Only our own header is accepted: no `alg: none`, no algorithm confusion.
  if (header !== HEADER) return { ok: false, reason: 'the token is not signed with HS256' };
  const want = signature(`${header}.${payload}`, key);
  const got = decodeB64urlStrict(sig);
  if (!got || got.length !== want.length || !timingSafeEqual(got, want))
    return { ok: false, reason: 'the token signature is invalid' };
  const claims = parseClaims(payload);
  if (!claims) return { ok: false, reason: 'the token claims are malformed' };
  return { ok: true, claims };
}
