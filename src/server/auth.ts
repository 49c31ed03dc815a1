// Who is calling: bearer token (or the argocd.token cookie) → a verified principal, or a typed 401.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppProject } from '../model/index.js';
import { HttpError, unauthorized } from './http-error.js';
import { signJwt, verifyJwt, type JwtClaims } from './jwt.js';
import type { ServerSettings } from './settings.js';

export interface Principal {
  /** Account name, `proj:<project>:<role>`, or an SSO user's subject at the identity provider. */
  sub: string;
  /** Subjects RBAC evaluates: the sub and any groups. */
  subjects: string[];
  kind: 'account' | 'project-role' | 'sso';
  claims: JwtClaims;
}

export const SESSION_TTL_SEC = 24 * 3600;
export const TOKEN_ISSUER = 'argocd';

/** A cookie's value in the request, or undefined (an empty value counts as absent). */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name && v.join('=') !== '') return v.join('=');
  }
  return undefined;
}

/** Sessions renewed while this request was handled: the new token counts as the request's cookie. */
const renewed = new WeakMap<IncomingMessage, string>();

export function useRenewedSession(req: IncomingMessage, token: string): void {
  renewed.set(req, token);
}

/** The token of a request and where it came from: `Authorization: Bearer …`, else the cookie Argo CD's UI uses. */
export function credentialOf(req: IncomingMessage): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'bearer' };
  const token = renewed.get(req) ?? cookieOf(req, 'argocd.token');
  return token ? { token, via: 'cookie' } : undefined;
}

export function tokenOf(req: IncomingMessage): string | undefined {
  return credentialOf(req)?.token;
}

export function issueToken(
  key: Buffer,
  sub: string,
  nowSec: number,
  opts: {
    ttlSec?: number | undefined;
    id?: string | undefined;
    /** SSO sessions: the identity provider's issuer, the user's email and RBAC subjects. */
    sso?: { iss: string; email?: string | undefined; groups: string[] } | undefined;
  } = {},
): { token: string; claims: JwtClaims } {
  const claims: JwtClaims = { iss: TOKEN_ISSUER, sub, iat: nowSec, jti: opts.id ?? randomUUID() };
  if (opts.sso) {
    claims.iss = opts.sso.iss;
    claims.groups = opts.sso.groups;
    if (opts.sso.email) claims.email = opts.sso.email;
  }
  if (opts.ttlSec !== undefined && opts.ttlSec > 0) claims.exp = nowSec + opts.ttlSec;
  return { token: signJwt(claims, key), claims };
}

/**
 * An SSO session is valid while SSO stays configured for the issuer that signed the user in. Its subjects
 * never include a local account's name: an IdP group called `admin` does not get `g, admin, role:admin`.
 */
function ssoPrincipal(c: JwtClaims, settings: ServerSettings): Principal | HttpError {
  if (settings.oidc.kind !== 'on' || settings.oidc.config.issuer !== c.iss)
    return unauthorized(`SSO through ${c.iss ?? '?'} is no longer configured`, 'log in again');
  const subjects = [c.sub, ...(c.groups ?? [])].filter((s) => !settings.accounts.has(s));
  return { sub: c.sub, subjects, kind: 'sso', claims: c };
}

/** Verifies the token and that what it names still exists: the account, its API key, or the project role token. */
export function authenticate(
  token: string,
  settings: ServerSettings,
  projectOf: (name: string) => AppProject | undefined,
  nowSec: number,
): Principal | HttpError {
  if (!settings.secretKey)
    return new HttpError(503, 'the server signing key is not loaded yet', 'retry shortly');
  const v = verifyJwt(token, settings.secretKey, nowSec);
  if (!v.ok) return unauthorized(`invalid session: ${v.reason}`, 'log in again: POST /api/v1/session');
  const c = v.claims;
  if (c.iss !== undefined && c.iss !== TOKEN_ISSUER) return ssoPrincipal(c, settings);
  const proj = /^proj:([^:]+):(.+)$/.exec(c.sub);
  if (proj) {
    const [, pName = '', rName = ''] = proj;
    const role = projectOf(pName)?.spec.roles?.find((r) => r.name === rName);
    const listed = role?.jwtTokens?.some((t) => (t.id ? t.id === c.jti : t.iat === c.iat));
    if (!role || !listed)
      return unauthorized(`token of project role ${pName}/${rName} was revoked or does not exist`);
    return { sub: c.sub, subjects: [c.sub], kind: 'project-role', claims: c };
  }
  const account = settings.accounts.get(c.sub);
  if (!account?.enabled) return unauthorized(`account ${c.sub} does not exist or is disabled`);
  const apiKey = account.tokens.some((t) => t.id === c.jti);
  if (!apiKey) {
    // A session: valid only while the account may log in and its password has not changed since.
    if (!account.capabilities.includes('login')) return unauthorized(`account ${c.sub} cannot log in`);
    if (account.passwordMtime !== undefined && c.iat < account.passwordMtime)
      return unauthorized('the session was issued before the password changed', 'log in again');
  }
  return { sub: c.sub, subjects: [c.sub, ...(c.groups ?? [])], kind: 'account', claims: c };
}
