// Sessions: log in with a password (rate-limited per user and per address), who am I, log out.
import bcrypt from 'bcryptjs';
import type { IncomingMessage } from 'node:http';
import type { ApiContext } from './api-context.js';
import { authenticate, issueToken, SESSION_TTL_SEC, tokenOf } from './auth.js';
import { HttpError, unauthorized } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { sessionRequest, tokenResponse, userInfoResponse } from './schemas.js';

/** The cookie Argo CD's UI reads: the browser sends it on reloads and on the SSE stream (EventSource has no headers). */
export function sessionCookie(token: string, maxAgeSec: number): string {
  return `argocd.token=${token}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=Strict`;
}

/** Compared when the user does not exist, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = '$2b$10$PfqCcBIHOOhr3rQxAh474OWkJG3SAYX92ZFWK3lhsXFv.5d7yhcSi';

function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function tooMany(ms: number): HttpError {
  const sec = Math.ceil(ms / 1000);
  return new HttpError(429, `too many failed logins; try again in ${sec} s`, undefined, {
    retryAfterSeconds: sec,
  });
}

export function sessionRoutes(api: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/session',
      summary: 'Log in with username and password; returns a session token (JWT)',
      tag: 'Session',
      auth: 'public',
      body: sessionRequest,
      response: tokenResponse,
      async handler({ body, req }) {
        const addr = clientAddress(req);
        const wait = Math.max(
          api.limiter.user.retryAfterMs(body.username),
          api.limiter.address.retryAfterMs(addr),
        );
        if (wait > 0) throw tooMany(wait);
        const settings = api.settings.current();
        const account = settings.accounts.get(body.username);
        const usable = account?.enabled && account.capabilities.includes('login') && account.passwordHash;
        const ok = await bcrypt.compare(body.password, (usable && account.passwordHash) || DUMMY_HASH);
        if (!ok || !usable) {
          api.limiter.user.fail(body.username);
          api.limiter.address.fail(addr);
          api.log.info('login failed', { user: body.username, address: addr });
          throw unauthorized('invalid username or password');
        }
        api.limiter.user.succeed(body.username);
        if (!settings.secretKey)
          throw new HttpError(503, 'the server signing key is not loaded yet', 'retry shortly');
        const { token } = issueToken(settings.secretKey, body.username, Math.floor(api.nowMs() / 1000), {
          ttlSec: SESSION_TTL_SEC,
        });
        return {
          status: 200,
          body: { token },
          headers: { 'Set-Cookie': sessionCookie(token, SESSION_TTL_SEC) },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/session/userinfo',
      summary:
        'Who the token belongs to; `{loggedIn: false}` without a token, 401 for an invalid or expired one',
      tag: 'Session',
      // Public so that "not logged in" is an answer (as in Argo CD), not an error; a bad token still gets 401.
      auth: 'public',
      response: userInfoResponse,
      async handler({ req }) {
        const token = tokenOf(req);
        if (!token) return json({ loggedIn: false });
        const p = authenticate(
          token,
          api.settings.current(),
          (n) => api.ctx.apps.project(n),
          Math.floor(api.nowMs() / 1000),
        );
        if (p instanceof HttpError) throw p;
        return json({
          loggedIn: true,
          username: p.sub,
          iss: p.claims.iss ?? '',
          groups: p.subjects.slice(1),
        });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/session',
      summary: 'Log out (clears the cookie; tokens are stateless and expire on their own)',
      tag: 'Session',
      // Public: clearing the cookie of an expired session must work too.
      auth: 'public',
      async handler() {
        return { status: 200, body: {}, headers: { 'Set-Cookie': sessionCookie('', 0) } };
      },
    }),
  ];
}
