// The OpenID Connect relying party, shared by the server and the CLI: discovery, PKCE, the authorization
// URL, the code exchange, and ID tokens verified with jose against the issuer's (rotating) JWKS.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AbortError } from '../common/errors.js';
import { issuerFetch, type IssuerFetch } from './issuer-fetch.js';
import { realTimers, type Timers } from '../common/timers.js';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string | undefined;
  revocation_endpoint?: string | undefined;
}

/** Signature algorithms an ID token may use (asymmetric only: the client secret is no signing key). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** A fresh PKCE pair (RFC 7636, S256). */
export function pkcePair(): Pkce {
  const verifier = randomToken();
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function newState(): { state: string; nonce: string; pkce: Pkce } {
  return { state: randomToken(), nonce: randomToken(), pkce: pkcePair() };
}

/** Reads `<issuer>/.well-known/openid-configuration`; its issuer must be the configured one exactly. */
export async function discover(
  issuer: string,
  signal?: AbortSignal,
  get: IssuerFetch = issuerFetch(undefined),
): Promise<ProviderMetadata> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await get(where, { signal: signal ?? AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new AbortError(`cannot reach the OIDC issuer at ${where}: ${(e as Error).message}`, {
      hint: 'check issuer in oidc.config (argocd-cm) and that the server can reach it',
    });
  }
  if (!res.ok)
    throw new AbortError(`the OIDC discovery document ${where} answered ${res.status}`, {
      hint: 'check issuer in oidc.config (argocd-cm)',
    });
  const m = (await res.json()) as Partial<ProviderMetadata>;
  for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
    if (typeof m[k] !== 'string') throw new AbortError(`the OIDC discovery document ${where} has no ${k}`);
  if (m.issuer?.replace(/\/+$/, '') !== issuer.replace(/\/+$/, ''))
    throw new AbortError(`the OIDC discovery document names issuer ${m.issuer}, not ${issuer}`, {
      hint: 'set issuer in oidc.config to exactly the provider issuer',
    });
  return m as ProviderMetadata;
}

export function authorizationUrl(
  meta: ProviderMetadata,
  p: {
    clientID: string;
    redirectUri: string;
    scopes: readonly string[];
    state: string;
    nonce: string;
    challenge: string;
    idTokenClaims?: Record<string, unknown> | undefined;
  },
): string {
  const u = new URL(meta.authorization_endpoint);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.clientID);
  u.searchParams.set('redirect_uri', p.redirectUri);
  u.searchParams.set('scope', p.scopes.join(' '));
  u.searchParams.set('state', p.state);
  u.searchParams.set('nonce', p.nonce);
  u.searchParams.set('code_challenge', p.challenge);
  u.searchParams.set('code_challenge_method', 'S256');
  if (p.idTokenClaims) u.searchParams.set('claims', JSON.stringify({ id_token: p.idTokenClaims }));
  // OIDC Core 11: a request for offline_access carries prompt=consent (providers may drop it otherwise).
  if (p.scopes.includes('offline_access')) u.searchParams.set('prompt', 'consent');
  return u.toString();
}

/** Tokens from the token endpoint: the ID token, and a refresh token when the provider grants one. */
export interface TokenSet {
  idToken: string;
  refreshToken?: string | undefined;
}

/** The provider answered the token request with an OAuth error (e.g. `invalid_grant` for a revoked grant). */
export class TokenRefused extends AbortError {
  constructor(
    readonly code: string,
    message: string,
    hint: string,
  ) {
    super(message, { hint });
  }
}

interface ClientAuth {
  clientID: string;
  clientSecret?: string | undefined;
}

/** POSTs a form as the client: client_secret_basic when it has a secret, else a public client's client_id. */
function postAsClient(url: string, client: ClientAuth, form: URLSearchParams, post: IssuerFetch) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (client.clientSecret !== undefined) {
    const pair = `${encodeURIComponent(client.clientID)}:${encodeURIComponent(client.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else form.set('client_id', client.clientID);
  return post(url, { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(15_000) });
}

/** One token request; an OAuth error answer becomes TokenRefused with the provider's code. */
async function tokenRequest(
  meta: ProviderMetadata,
  client: ClientAuth,
  form: URLSearchParams,
  post: IssuerFetch,
  refusal: { what: string; hint: string },
): Promise<TokenSet> {
  let res: Response;
  try {
    res = await postAsClient(meta.token_endpoint, client, form, post);
  } catch (e) {
    throw new AbortError(`cannot reach the OIDC token endpoint: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    const desc = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    throw new TokenRefused(code, `the OIDC provider refused ${refusal.what} (${code}${desc})`, refusal.hint);
  }
  if (typeof body.id_token !== 'string')
    throw new AbortError('the OIDC provider returned no id_token', {
      hint: 'requestedScopes must include openid',
    });
  return {
    idToken: body.id_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
  };
}

/** Trades an authorization code for tokens. Errors carry the provider's error code, never the secret. */
export function exchangeCode(
  meta: ProviderMetadata,
  p: ClientAuth & { code: string; redirectUri: string; verifier: string },
  post: IssuerFetch = issuerFetch(undefined),
): Promise<TokenSet> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.verifier,
  });
  return tokenRequest(meta, p, form, post, {
    what: 'the authorization code',
    hint: 'check clientID/clientSecret in oidc.config and that the redirect URI is registered',
  });
}

/** Trades a refresh token for a new ID token (and the provider's next refresh token, if it rotates them). */
export function refreshTokens(
  meta: ProviderMetadata,
  p: ClientAuth & { refreshToken: string },
  post: IssuerFetch = issuerFetch(undefined),
): Promise<TokenSet> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: p.refreshToken });
  return tokenRequest(meta, p, form, post, {
    what: 'to renew the SSO session',
    hint: 'the grant was revoked or has expired: log in again',
  });
}

/** Revokes a refresh token at the provider (RFC 7009); false when the provider has no such endpoint. */
export async function revokeToken(
  meta: ProviderMetadata,
  client: ClientAuth,
  refreshToken: string,
  post: IssuerFetch = issuerFetch(undefined),
): Promise<boolean> {
  if (!meta.revocation_endpoint) return false;
  const form = new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' });
  const res = await postAsClient(meta.revocation_endpoint, client, form, post);
  if (!res.ok) throw new AbortError(`the OIDC provider refused to revoke the token (HTTP ${res.status})`);
  return true;
}

export type IdTokenCheck = { ok: true; claims: JWTPayload & { sub: string } } | { ok: false; reason: string };

/** How soon the JWKS may be read again after a read (jose's cooldown; ours to wait out, below). */
const JWKS_COOLDOWN_MS = 1_000;

/**
 * Verifies ID tokens of one issuer; its JWKS is fetched once and again when a token names an unknown
 * key. A token naming a key the keys read under a second ago lack (the provider rotated just after
 * that read) waits out the cooldown and is checked against keys read again, once: a login right after
 * a rotation succeeds, and a flood of tokens naming unknown keys costs the provider one read a second.
 */
export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  /** The pending re-read after a cooldown, shared by every token waiting for it. */
  private reread: Promise<void> | undefined;

  constructor(
    readonly meta: ProviderMetadata,
    private readonly now: () => number = Date.now,
    get: IssuerFetch = issuerFetch(undefined),
    private readonly timers: Timers = realTimers,
  ) {
    this.jwks = createRemoteJWKSet(new URL(meta.jwks_uri), {
      cooldownDuration: JWKS_COOLDOWN_MS,
      cacheMaxAge: 600_000,
      [customFetch]: (url, options) =>
        get(url, {
          method: options.method,
          headers: Object.fromEntries(new Headers(options.headers).entries()),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
    });
  }

  async verify(
    idToken: string,
    want: { audiences: readonly string[]; nonce?: string | undefined },
  ): Promise<IdTokenCheck> {
    try {
      return await this.check(idToken, want);
    } catch (e) {
      if (!(e instanceof joseErrors.JWKSNoMatchingKey && this.jwks.coolingDown))
        return { ok: false, reason: idTokenRefusal(e) };
    }
    try {
      await this.keysReadAgain();
      return await this.check(idToken, want);
    } catch (e) {
      return { ok: false, reason: idTokenRefusal(e) };
    }
  }

  private async check(
    idToken: string,
    want: { audiences: readonly string[]; nonce?: string | undefined },
  ): Promise<IdTokenCheck> {
    const { payload } = await jwtVerify(idToken, this.jwks, {
      issuer: this.meta.issuer,
      audience: [...want.audiences],
      algorithms: ALGORITHMS,
      currentDate: new Date(this.now()),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (want.nonce !== undefined && payload.nonce !== want.nonce)
      return { ok: false, reason: 'the ID token nonce does not match this login' };
    return { ok: true, claims: payload as JWTPayload & { sub: string } };
  }

  private keysReadAgain(): Promise<void> {
    this.reread ??= new Promise<void>((resolve) => this.timers.setTimeout(resolve, JWKS_COOLDOWN_MS))
      .then(() => this.jwks.reload())
      .finally(() => {
        this.reread = undefined;
      });
    return this.reread;
  }
}

function idTokenRefusal(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the ID token has expired';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the ID token signature is invalid';
  if (e instanceof joseErrors.JWKSNoMatchingKey)
    return 'the ID token is signed by a key the issuer does not publish';
  if (e instanceof joseErrors.JWTClaimValidationFailed)
    return `the ID token is not valid here (${e.claim}: ${e.reason})`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the ID token uses a signature algorithm that is not accepted';
  if (e instanceof joseErrors.JOSEError) return `the ID token was refused (${e.code})`;
  return `the ID token could not be verified: ${(e as Error).message}`;
}
