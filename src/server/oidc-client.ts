// The OpenID Connect relying party, shared by the server and the CLI: discovery, PKCE, the authorization
// URL, the code exchange, and ID tokens verified with jose against the issuer's (rotating) JWKS.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { AbortError } from '../common/errors.js';
import { issuerFetch, type IssuerFetch } from './issuer-fetch.js';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string | undefined;
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
  return u.toString();
}

/**
 * Trades an authorization code for tokens at the token endpoint (client_secret_basic when the client
 * has a secret, else a public client). Errors carry the provider's error code, never the secret.
 */
export async function exchangeCode(
  meta: ProviderMetadata,
  p: {
    clientID: string;
    clientSecret?: string | undefined;
    code: string;
    redirectUri: string;
    verifier: string;
  },
  post: IssuerFetch = issuerFetch(undefined),
): Promise<{ idToken: string }> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.verifier,
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (p.clientSecret !== undefined) {
    const pair = `${encodeURIComponent(p.clientID)}:${encodeURIComponent(p.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else form.set('client_id', p.clientID);
  let res: Response;
  try {
    res = await post(meta.token_endpoint, {
      method: 'POST',
      headers,
      body: form.toString(),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new AbortError(`cannot reach the OIDC token endpoint: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    const desc = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    throw new AbortError(`the OIDC provider refused the authorization code (${code}${desc})`, {
      hint: 'check clientID/clientSecret in oidc.config and that the redirect URI is registered',
    });
  }
  if (typeof body.id_token !== 'string')
    throw new AbortError('the OIDC provider returned no id_token', {
      hint: 'requestedScopes must include openid',
    });
  return { idToken: body.id_token };
}

export type IdTokenCheck = { ok: true; claims: JWTPayload & { sub: string } } | { ok: false; reason: string };

/** Verifies ID tokens of one issuer; its JWKS is fetched once and again when a token names an unknown key. */
export class IdTokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    readonly meta: ProviderMetadata,
    private readonly now: () => number = Date.now,
    get: IssuerFetch = issuerFetch(undefined),
  ) {
    // A short cooldown: a provider that rotated its keys is re-read within a second, not 30.
    this.jwks = createRemoteJWKSet(new URL(meta.jwks_uri), {
      cooldownDuration: 1_000,
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
    } catch (e) {
      return { ok: false, reason: idTokenRefusal(e) };
    }
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
