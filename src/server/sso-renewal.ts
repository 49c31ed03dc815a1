// Renewing browser SSO sessions from the provider's refresh token (sealed in a cookie), as Argo CD's server
// does near expiry: a request whose session is due is answered with the renewed cookies; a provider that
// refuses the refresh token ends the session ("log in again").
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { cookieOf, credentialOf, TOKEN_ISSUER, useRenewedSession } from './auth.js';
import { HttpError, unauthorized } from './http-error.js';
import { issuerFetch } from './issuer-fetch.js';
import { verifyJwt } from './jwt.js';
import { refreshTokens, revokeToken, TokenRefused } from './oidc-client.js';
import { openRefresh, REFRESH_COOKIE, type HeldRefresh } from './oidc-state.js';
import { clearedSessionCookies, servedOverTls, ssoSessionCookies } from './session-cookies.js';
import type { Sso } from './sso.js';

export type Renewal =
  | { kind: 'renewed'; token: string; ttlSec: number; idToken: string; refresh: HeldRefresh; user: string }
  /** The provider refused the refresh token: the grant was revoked or expired. */
  | { kind: 'ended'; reason: string }
  /** The provider could not be asked (unreachable, misconfigured): the session lives while it is valid. */
  | { kind: 'unavailable'; reason: string };

/** A renewal's answer is shared this long: requests sent with the old cookies get the same new session. */
const SHARED_MS = 30_000;

/**
 * True when a browser session should be renewed: it is gone, expired or not ours to read, or an SSO
 * session in the last quarter of its life.
 */
export function dueForRenewal(token: string | undefined, key: Buffer, nowSec: number): boolean {
  if (!token) return true;
  const v = verifyJwt(token, key, nowSec);
  if (!v.ok) return true;
  const { iss, iat, exp } = v.claims;
  if (iss === undefined || iss === TOKEN_ISSUER || exp === undefined) return false;
  return exp - nowSec < (exp - iat) / 4;
}

const idOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('base64url');

export class SsoRenewal {
  /** One refresh per refresh token at a time (providers that rotate them revoke a grant whose token is reused). */
  private readonly inFlight = new Map<string, { at: number; result: Promise<Renewal> }>();

  constructor(
    private readonly sso: Sso,
    private readonly log: Logger,
    private readonly nowMs: () => number,
  ) {}

  renew(held: HeldRefresh): Promise<Renewal> {
    const now = this.nowMs();
    for (const [k, v] of this.inFlight) if (now - v.at > SHARED_MS) this.inFlight.delete(k);
    const id = idOf(held.refreshToken);
    const known = this.inFlight.get(id);
    if (known) return known.result;
    const result = this.ask(held);
    this.inFlight.set(id, { at: now, result });
    return result;
  }

  private async ask(held: HeldRefresh): Promise<Renewal> {
    const s = this.sso.settingsOidc();
    if (s.kind !== 'on' || s.config.issuer !== held.iss)
      return { kind: 'ended', reason: `SSO through ${held.iss} is no longer configured` };
    const config = s.config;
    try {
      const { meta } = await this.sso.providerOf(config);
      const tokens = await refreshTokens(
        meta,
        {
          clientID: config.clientID,
          clientSecret: this.sso.clientSecret(config),
          refreshToken: held.refreshToken,
        },
        issuerFetch(config.rootCA),
      );
      const session = await this.sso.session(config, tokens.idToken, {
        audiences: [config.clientID],
        refreshable: true,
      });
      if (session.sub !== held.sub)
        return { kind: 'ended', reason: 'the provider renewed the session for another subject' };
      this.log.info('SSO session renewed', { user: session.user });
      return {
        kind: 'renewed',
        token: session.token,
        ttlSec: session.ttlSec,
        idToken: tokens.idToken,
        refresh: { ...held, refreshToken: tokens.refreshToken ?? held.refreshToken },
        user: session.user,
      };
    } catch (e) {
      if (e instanceof TokenRefused || (e instanceof HttpError && e.status === 401)) {
        this.log.info('SSO session ended: the provider refused to renew it', { error: errorMessage(e) });
        return { kind: 'ended', reason: errorMessage(e) };
      }
      this.log.warn('SSO session renewal failed', { error: errorMessage(e) });
      return { kind: 'unavailable', reason: errorMessage(e) };
    }
  }

  /**
   * Before a request is authenticated: a browser session (cookie) that is due and holds a refresh token is
   * renewed; the new cookies go out with the answer and the request runs with the new token. A session
   * the provider ended answers 401 and clears the cookies.
   */
  async beforeRequest(req: IncomingMessage, res: ServerResponse, key: Buffer | undefined): Promise<void> {
    const credential = credentialOf(req);
    if (credential?.via === 'bearer' || !key) return;
    const sealed = cookieOf(req, REFRESH_COOKIE);
    if (!sealed) return;
    const nowSec = Math.floor(this.nowMs() / 1000);
    if (!dueForRenewal(credential?.token, key, nowSec)) return;
    const secure = servedOverTls(req);
    const held = openRefresh(sealed, key);
    const r: Renewal = held
      ? await this.renew(held)
      : { kind: 'ended', reason: 'the refresh cookie was not issued by this server' };
    if (r.kind === 'renewed') {
      res.setHeader('Set-Cookie', ssoSessionCookies(r, key, secure));
      useRenewedSession(req, r.token);
      return;
    }
    if (r.kind === 'ended') {
      res.setHeader('Set-Cookie', clearedSessionCookies(secure));
      throw unauthorized(`your SSO session has ended: ${r.reason}`, 'log in again');
    }
    // The provider may be back soon: the refresh cookie stays, the session serves while it is valid.
    if (credential && verifyJwt(credential.token, key, nowSec).ok) return;
    throw unauthorized(
      `your SSO session expired and could not be renewed: ${r.reason}`,
      'log in again, or retry when the SSO provider is reachable',
    );
  }

  /** Logout: the provider's grant ends too (best effort: the cookies are cleared either way). */
  async endSession(sealed: string): Promise<void> {
    const s = this.sso.settingsOidc();
    try {
      const held = openRefresh(sealed, this.sso.signingKey());
      if (!held || s.kind !== 'on' || held.iss !== s.config.issuer) return;
      this.inFlight.delete(idOf(held.refreshToken));
      const config = s.config;
      const { meta } = await this.sso.providerOf(config);
      const client = { clientID: config.clientID, clientSecret: this.sso.clientSecret(config) };
      await revokeToken(meta, client, held.refreshToken, issuerFetch(config.rootCA));
    } catch (e) {
      this.log.warn('SSO logout: the refresh token was not revoked', { error: errorMessage(e) });
    }
  }
}
