// `driftless login --sso`: an authorization-code login with PKCE against the server's OIDC provider,
// its redirect caught by a one-shot listener on loopback, the ID token traded for a Driftless session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { AbortError } from '../../common/errors.js';
import type { ApiClient } from '../../server/api-client.js';
import { issuerFetch } from '../../server/issuer-fetch.js';
import { authorizationUrl, discover, exchangeCode, newState } from '../../server/oidc-client.js';
import { UsageError } from '../context-client.js';

/** How long the CLI waits for the browser to come back. */
const BROWSER_TIMEOUT_MS = 5 * 60_000;

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Driftless</title><p>${text}</p><p>You may close this window.</p>`;

/** Listens on 127.0.0.1:port for one `/auth/callback`; resolves with its query. */
async function callbackListener(port: number) {
  let settle: (q: URLSearchParams) => void = () => {};
  const arrived = new Promise<URLSearchParams>((resolve) => (settle = resolve));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/auth/callback') return void res.writeHead(404).end();
    const ok = url.searchParams.has('code');
    res
      .writeHead(ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(PAGE(ok ? 'Driftless received the login.' : 'The login did not succeed; see the terminal.'));
    settle(url.searchParams);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new UsageError(`cannot listen on 127.0.0.1:${port} for the SSO callback: ${e.code ?? e.message}`, {
          hint: 'pick a free port with --sso-port (it must be allowed as a redirect URI by the provider)',
        }),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, arrived, close: () => server.close() };
}

/**
 * Runs the whole login; `show` prints the URL the user opens. Returns the session token, and the
 * provider's refresh token when it gave one (requestedScopes with offline_access).
 */
export async function ssoLogin(
  client: ApiClient,
  opts: { port: number; show: (line: string) => void; timeoutMs?: number },
): Promise<{ token: string; refreshToken?: string | undefined }> {
  const { oidcConfig } = await client.settings();
  if (!oidcConfig)
    throw new UsageError('this server offers no SSO login', {
      hint: 'log in with --username, or configure oidc.config and url in argocd-cm',
    });
  // The CLI talks to the issuer itself: it trusts what the server does (oidc.config rootCA), else the system's CAs.
  const get = issuerFetch(oidcConfig.rootCA);
  const meta = await discover(oidcConfig.issuer, undefined, get);
  const clientID = oidcConfig.cliClientID ?? oidcConfig.clientID;
  const { state, nonce, pkce } = newState();
  const listener = await callbackListener(opts.port);
  try {
    const redirectUri = `http://127.0.0.1:${listener.port}/auth/callback`;
    const url = authorizationUrl(meta, {
      clientID,
      redirectUri,
      scopes: oidcConfig.scopes,
      state,
      nonce,
      challenge: pkce.challenge,
      idTokenClaims: oidcConfig.idTokenClaims,
    });
    opts.show(`Open this URL in a browser to log in via ${oidcConfig.name}:\n${url}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AbortError('no answer from the browser in time', { hint: 'run the login again' })),
        opts.timeoutMs ?? BROWSER_TIMEOUT_MS,
      );
    });
    const q = await Promise.race([listener.arrived, timeout]).finally(() => clearTimeout(timer));
    const error = q.get('error');
    if (error)
      throw new AbortError(
        `the SSO provider refused the login: ${error} ${q.get('error_description') ?? ''}`.trim(),
      );
    const code = q.get('code');
    if (!code || q.get('state') !== state)
      throw new AbortError('the SSO callback does not belong to this login (state mismatch)', {
        hint: 'run the login again',
      });
    const { idToken, refreshToken } = await exchangeCode(
      meta,
      { clientID, code, redirectUri, verifier: pkce.verifier },
      get,
    );
    if (decodeJwt(idToken).nonce !== nonce)
      throw new AbortError('the ID token does not belong to this login (nonce mismatch)');
    const token = await client.loginWithIdToken(idToken, { refreshable: refreshToken !== undefined });
    return { token, refreshToken };
  } finally {
    listener.close();
  }
}
