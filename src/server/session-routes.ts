// Sessions: log in with a password (rate-limited per user and per address), who am I, log out.
import bcrypt from 'bcryptjs';
import type { IncomingMessage } from 'node:http';
import type { ApiContext } from './api-context.js';
import { authenticate, issueToken, SESSION_TTL_SEC, tokenOf } from './auth.js';
import { HttpError, unauthorized } from './http-error.js';
import { peerAddress } from './listener.js';
import { defineRoute, json, type Route } from './route.js';
import { sessionRequest, tokenResponse, userInfoResponse } from './schemas.js';
import { clearedSessionCookies, servedOverTls, sessionCookie } from './session-cookies.js';

/** Compared when the user does not exist, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = '$2b$10$PfqCcBIHOOhr3rQxAh474OWkJG3SAYX92ZFWK3lhsXFv.5d7yhcSi';

function clientAddress(req: IncomingMessage): string {
  return peerAddress(req) ?? 'unknown';
}

function tooMany(ms: number, why: string): HttpError {
  const sec = Math.ceil(ms / 1000);
  return new HttpError(429, `${why}; try again in ${sec} s`, undefined, {
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
        const admission = api.logins.admit(body.username, addr);
        if (!admission.ok) throw tooMany(admission.retryAfterMs, admission.why);
        const settings = api.settings.current();
        const account = settings.accounts.get(body.username);
        const usable = account?.enabled && account.capabilities.includes('login') && account.passwordHash;
        let ok = false;
        try {
          ok = await bcrypt.compare(body.password, (usable && account.passwordHash) || DUMMY_HASH);
        } finally {
          api.logins.settle(admission.ticket, ok && !!usable);
        }
        if (!ok || !usable) {
          api.log.info('login failed', { user: body.username, address: addr });
          throw unauthorized('invalid username or password');
        }
        if (!settings.secretKey)
          throw new HttpError(503, 'the server signing key is not loaded yet', 'retry shortly');
        const { token } = issueToken(settings.secretKey, body.username, Math.floor(api.nowMs() / 1000), {
          ttlSec: SESSION_TTL_SEC,
        });
        return {
          status: 200,
          body: { token },
          headers: { 'Set-Cookie': sessionCookie(token, SESSION_TTL_SEC, servedOverTls(req)) },
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
          (n) => api.read.apps.project(n),
          Math.floor(api.nowMs() / 1000),
        );
        if (p instanceof HttpError) throw p;
        return json({
          loggedIn: true,
          username: p.kind === 'sso' ? (p.claims.email ?? p.sub) : p.sub,
          iss: p.claims.iss ?? '',
          groups: p.subjects.slice(1),
        });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/session',
      summary: 'Log out (clears the session cookies; tokens are stateless and expire on their own)',
      tag: 'Session',
      // Public: clearing the cookie of an expired session must work too.
      auth: 'public',
      async handler({ req, res }) {
        res.setHeader('Set-Cookie', clearedSessionCookies(servedOverTls(req)));
        return { status: 200, body: {} };
      },
    }),
  ];
}
