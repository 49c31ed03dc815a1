// The browser's SSO endpoints at Argo CD's paths: /auth/login (to the provider, with state, nonce and
// PKCE), /auth/callback (code → verified ID token → session cookie) and /auth/logout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issuerFetch } from './issuer-fetch.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { HttpError } from './http-error.js';
import { expandLogoutUrl, type OidcConfig } from './oidc-config.js';
import { authorizationUrl, exchangeCode, newState } from './oidc-client.js';
import {
  openLogin,
  REFRESH_COOKIE,
  safeReturnUrl,
  sealLogin,
  STATE_COOKIE,
  STATE_TTL_SEC,
} from './oidc-state.js';
import { cookieOf } from './auth.js';
import {
  clearedSessionCookies,
  cookie,
  ID_TOKEN_COOKIE,
  servedOverTls,
  ssoSessionCookies,
} from './session-cookies.js';
import type { Sso } from './sso.js';
import type { SsoRenewal } from './sso-renewal.js';

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Set-Cookie': cookies }).end();
}

function fail(res: ServerResponse, e: unknown, log: Logger): void {
  const http = e instanceof HttpError ? e : undefined;
  if (!http) log.error('SSO request failed', { error: errorMessage(e) });
  const status = http?.status ?? 502;
  const text = http ? `${http.message}${http.hint ? `\n${http.hint}` : ''}` : errorMessage(e);
  res
    .writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(`SSO login failed: ${text}\n`);
}

/** Where to land after login: a path of this server; a full URL only when it is under argocd-cm `url`. */
function returnPath(config: OidcConfig, raw: string | null): string {
  const base = new URL(config.url);
  if (raw?.startsWith(config.url)) return safeReturnUrl(new URL(raw).pathname + new URL(raw).search);
  const fallback = `${base.pathname.replace(/\/$/, '')}/applications`;
  const safe = safeReturnUrl(raw);
  return safe === '/' ? fallback : safe;
}

export function ssoPages(sso: Sso, renewal: SsoRenewal, log: Logger, nowMs: () => number) {
  const nowSec = () => Math.floor(nowMs() / 1000);
  const redirectUri = (config: OidcConfig) => `${config.url}/auth/callback`;

  async function login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const config = sso.config();
    const { meta } = await sso.providerOf(config);
    const key = sso.signingKey();
    const { state, nonce, pkce } = newState();
    const sealed = sealLogin(
      {
        state,
        nonce,
        verifier: pkce.verifier,
        returnUrl: returnPath(config, url.searchParams.get('return_url')),
        exp: nowSec() + STATE_TTL_SEC,
      },
      key,
    );
    const to = authorizationUrl(meta, {
      clientID: config.clientID,
      redirectUri: redirectUri(config),
      scopes: config.requestedScopes,
      state,
      nonce,
      challenge: pkce.challenge,
      idTokenClaims: config.requestedIDTokenClaims,
    });
    redirect(res, to, [cookie(STATE_COOKIE, sealed, STATE_TTL_SEC, servedOverTls(req))]);
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const config = sso.config();
    const q = url.searchParams;
    const error = q.get('error');
    if (error)
      throw new HttpError(
        401,
        `the SSO provider refused the login: ${error}${q.get('error_description') ? ` (${q.get('error_description')})` : ''}`,
      );
    const sealed = cookieOf(req, STATE_COOKIE);
    if (!sealed)
      throw new HttpError(400, 'no login in progress in this browser', 'start again at /auth/login');
    const pending = openLogin(sealed, sso.signingKey(), nowSec());
    if (typeof pending === 'string') throw new HttpError(400, pending, 'start again at /auth/login');
    const code = q.get('code');
    if (!code || q.get('state') !== pending.state)
      throw new HttpError(
        400,
        'the callback does not belong to the login started in this browser',
        'start again at /auth/login',
      );
    const { meta } = await sso.providerOf(config);
    const tokens = await exchangeCode(
      meta,
      {
        clientID: config.clientID,
        clientSecret: sso.clientSecret(config),
        code,
        redirectUri: redirectUri(config),
        verifier: pending.verifier,
      },
      issuerFetch(config.rootCA),
    ).catch((e: unknown) => Promise.reject(new HttpError(401, errorMessage(e))));
    const { idToken, refreshToken } = tokens;
    const session = await sso.session(config, idToken, {
      audiences: [config.clientID],
      nonce: pending.nonce,
      refreshable: refreshToken !== undefined,
    });
    const secure = servedOverTls(req);
    const refresh = refreshToken ? { refreshToken, sub: session.sub, iss: config.issuer } : undefined;
    redirect(res, pending.returnUrl, [
      ...ssoSessionCookies({ ...session, idToken, refresh }, sso.signingKey(), secure),
      cookie(STATE_COOKIE, '', 0, secure),
    ]);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const secure = servedOverTls(req);
    const cleared = clearedSessionCookies(secure);
    const s = sso.settingsOidc();
    if (s.kind !== 'on') return redirect(res, '/login', cleared);
    const config = s.config;
    // The provider's grant ends with the session, before the browser leaves (its end never fails the logout).
    const sealed = cookieOf(req, REFRESH_COOKIE);
    if (sealed) await renewal.endSession(sealed);
    const idToken = cookieOf(req, ID_TOKEN_COOKIE) ?? '';
    const back = `${config.url}/login`;
    if (config.logoutURL)
      return redirect(
        res,
        expandLogoutUrl(config.logoutURL, { token: idToken, logoutRedirectURL: back }),
        cleared,
      );
    const meta = await sso.providerOf(config).then(
      (p) => p.meta,
      () => undefined,
    );
    if (!meta?.end_session_endpoint) return redirect(res, back, cleared);
    const to = new URL(meta.end_session_endpoint);
    if (idToken) to.searchParams.set('id_token_hint', idToken);
    to.searchParams.set('client_id', config.clientID);
    to.searchParams.set('post_logout_redirect_uri', back);
    redirect(res, to.toString(), cleared);
  }

  /** Handles `/auth/...`; false for any other path. */
  return (req: IncomingMessage, res: ServerResponse, path: string, url: URL): boolean => {
    const handler = { '/auth/login': login, '/auth/callback': callback, '/auth/logout': logout }[path];
    if (!handler) return false;
    handler(req, res, url).catch((e: unknown) => fail(res, e, log));
    return true;
  };
}
