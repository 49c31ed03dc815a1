// SSO with OpenID Connect: the provider of the configured issuer (discovered once, ID tokens verified
// against its JWKS) and a Driftless session issued from a verified ID token, as for a local login.
import type { Logger } from '../common/log.js';
import type { KubeObject } from '../model/index.js';
import { issueToken, SESSION_TTL_SEC } from './auth.js';
import { HttpError, unauthorized } from './http-error.js';
import { resolveSecretRef, subjectsFromClaims, type OidcConfig } from './oidc-config.js';
import { issuerFetch } from './issuer-fetch.js';
import { discover, IdTokenVerifier, type ProviderMetadata } from './oidc-client.js';
import type { ServerSettings } from './settings.js';

/** Discovery is read again after this long, or at once when it failed. */
const DISCOVERY_TTL_MS = 10 * 60_000;
const PART_OF = 'app.kubernetes.io/part-of';

export interface SsoDeps {
  settings: { current(): ServerSettings };
  /** A Secret of the control namespace from the watch cache. */
  secret(name: string): KubeObject | undefined;
  log: Logger;
  nowMs: () => number;
}

export class Sso {
  private provider:
    { issuer: string; rootCA: string | undefined; at: number; verifier: IdTokenVerifier } | undefined;

  constructor(private readonly deps: SsoDeps) {}

  settingsOidc() {
    return this.deps.settings.current().oidc;
  }

  signingKey(): Buffer {
    const key = this.deps.settings.current().secretKey;
    if (!key) throw new HttpError(503, 'the server signing key is not loaded yet', 'retry shortly');
    return key;
  }

  /** The usable configuration, or a 503 saying what is missing (a 404 when SSO is off). */
  config(): OidcConfig {
    const s = this.deps.settings.current().oidc;
    if (s.kind === 'off')
      throw new HttpError(404, 'SSO is not configured', 'set oidc.config and url in argocd-cm');
    if (s.kind === 'invalid') throw new HttpError(503, `SSO is misconfigured: ${s.reason}`);
    return s.config;
  }

  /** The issuer's metadata and verifier; one discovery per issuer and TTL, shared by every login. */
  async providerOf(config: OidcConfig): Promise<{ meta: ProviderMetadata; verifier: IdTokenVerifier }> {
    const now = this.deps.nowMs();
    const p = this.provider;
    // A changed rootCA is a new provider: its JWKS must be fetched with the new trust.
    const same = p?.issuer === config.issuer && p.rootCA === config.rootCA;
    if (p && same && now - p.at < DISCOVERY_TTL_MS) return { meta: p.verifier.meta, verifier: p.verifier };
    try {
      const get = issuerFetch(config.rootCA);
      const meta = await discover(config.issuer, undefined, get);
      // The same JWKS URL keeps its verifier (and the keys it already fetched).
      const verifier =
        p && same && p.verifier.meta.jwks_uri === meta.jwks_uri
          ? p.verifier
          : new IdTokenVerifier(meta, this.deps.nowMs, get);
      this.provider = { issuer: config.issuer, rootCA: config.rootCA, at: now, verifier };
      return { meta, verifier };
    } catch (e) {
      this.deps.log.warn('OIDC discovery failed', { issuer: config.issuer, error: (e as Error).message });
      throw new HttpError(502, `the SSO provider is unavailable: ${(e as Error).message}`, 'retry shortly');
    }
  }

  /** The client secret from its reference; a Secret other than argocd-secret must be labelled part-of argocd. */
  clientSecret(config: OidcConfig): string | undefined {
    if (config.clientSecret === undefined) return undefined;
    const r = resolveSecretRef(config.clientSecret, (name) => {
      const obj = this.deps.secret(name);
      if (!obj) return undefined;
      if (name !== 'argocd-secret' && obj.metadata.labels?.[PART_OF] !== 'argocd') return undefined;
      const data = (obj.data ?? {}) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]),
      );
    });
    if (!r.ok)
      throw new HttpError(
        503,
        `SSO is misconfigured: oidc.config clientSecret: ${r.reason}`,
        `a Secret other than argocd-secret needs the label ${PART_OF}: argocd`,
      );
    return r.value;
  }

  /**
   * Verifies an ID token (signature by the issuer's current keys, issuer, audience, expiry, nonce when
   * given) and issues a Driftless session for its subject, with the scope claims as RBAC subjects.
   */
  async session(
    config: OidcConfig,
    idToken: string,
    want: {
      audiences: readonly string[];
      nonce?: string | undefined;
      /** A refresh token backs this session: it ends with the ID token and is renewed from the provider. */
      refreshable?: boolean | undefined;
    },
  ): Promise<{ token: string; user: string; sub: string; ttlSec: number }> {
    const { verifier } = await this.providerOf(config);
    const checked = await verifier.verify(idToken, want);
    if (!checked.ok) {
      this.deps.log.info('SSO login refused', { reason: checked.reason });
      throw unauthorized(`SSO login refused: ${checked.reason}`, 'log in again');
    }
    const settings = this.deps.settings.current();
    const key = this.signingKey();
    const claims = checked.claims;
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    const groups = subjectsFromClaims(claims, settings.scopes);
    const nowSec = Math.floor(this.deps.nowMs() / 1000);
    // Renewable sessions live as long as the ID token (as Argo CD's), so a revoked grant or a changed group
    // takes effect at the next renewal; others keep the 24 hours of a local login.
    const ttlSec =
      want.refreshable && claims.exp !== undefined
        ? Math.max(1, Math.min(SESSION_TTL_SEC, claims.exp - nowSec))
        : SESSION_TTL_SEC;
    const { token } = issueToken(key, claims.sub, nowSec, {
      ttlSec,
      sso: { iss: config.issuer, email, groups },
    });
    const user = email ?? claims.sub;
    this.deps.log.info(want.refreshable ? 'SSO session issued' : 'SSO login', {
      user,
      groups: groups.join(','),
    });
    return { token, user, sub: claims.sub, ttlSec };
  }
}
