// The browser's SSO endpoints at Argo CD's paths: /auth/login (to the provider, with state, nonce and
// PKCE), /auth/callback (code → verified ID token → session cookie) and /auth/logout.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issuerFetch } from './issuer-fetch.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { HttpError } from './http-error.js';
import { expandLogoutUrl, type OidcConfig } from './oidc-config.js';
import { authorizationUrl, exchangeCode, newState } from './oidc-client.js';
import { openLogin, safeReturnUrl, sealLogin, STATE_COOKIE, STATE_TTL_SEC } from './oidc-state.js';
import { servedOverTls, sessionCookie } from './session-routes.js';
import { SESSION_TTL_SEC } from './auth.js';
import type { Sso } from './sso.js';

/** The raw ID token, kept for the provider's logout (`id_token_hint`, `{{token}}`); never sent to scripts. */
const ID_TOKEN_COOKIE = 'driftless.id-token';

function cookie(name: string, value: string, maxAgeSec: number, secure: boolean, sameSite = 'Lax'): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

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

export function ssoPages(sso: Sso, log: Logger, nowMs: () => number) {
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
    const { idToken } = await exchangeCode(
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
    const { token } = await sso.session(config, idToken, {
      audiences: [config.clientID],
      nonce: pending.nonce,
    });
    const secure = servedOverTls(req);
    redirect(res, pending.returnUrl, [
      sessionCookie(token, SESSION_TTL_SEC, secure),
      cookie(ID_TOKEN_COOKIE, idToken, SESSION_TTL_SEC, secure, 'Strict'),
      cookie(STATE_COOKIE, '', 0, secure),
    ]);
  }

  function logout(req: IncomingMessage, res: ServerResponse): void {
    const secure = servedOverTls(req);
    const cleared = [sessionCookie('', 0, secure), cookie(ID_TOKEN_COOKIE, '', 0, secure, 'Strict')];
    const s = sso.settingsOidc();
    if (s.kind !== 'on') return redirect(res, '/login', cleared);
    const config = s.config;
    const idToken = cookieOf(req, ID_TOKEN_COOKIE) ?? '';
    const back = `${config.url}/login`;
    if (config.logoutURL)
      return redirect(
        res,
        expandLogoutUrl(config.logoutURL, { token: idToken, logoutRedirectURL: back }),
        cleared,
      );
    void sso
      .providerOf(config)
      .then(({ meta }) => {
        if (!meta.end_session_endpoint) return redirect(res, back, cleared);
        const to = new URL(meta.end_session_endpoint);
        if (idToken) to.searchParams.set('id_token_hint', idToken);
        to.searchParams.set('client_id', config.clientID);
        to.searchParams.set('post_logout_redirect_uri', back);
        redirect(res, to.toString(), cleared);
      })
      .catch(() => redirect(res, back, cleared));
  }

  /** Handles `/auth/...`; false for any other path. */
  return (req: IncomingMessage, res: ServerResponse, path: string, url: URL): boolean => {
    const handler = { '/auth/login': login, '/auth/callback': callback }[path];
    if (path === '/auth/logout') {
      logout(req, res);
      return true;
    }
    if (!handler) return false;
    handler(req, res, url).catch((e: unknown) => fail(res, e, log));
    return true;
  };
}
