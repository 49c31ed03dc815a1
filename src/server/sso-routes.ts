// SSO over the API: the public settings the login page and `driftless login --sso` read, and the CLI's
// exchange of an ID token it obtained itself (PKCE on loopback) for a Driftless session.
import { z } from 'zod';
import { defineRoute, json, type Route } from './route.js';
import { tokenResponse } from './schemas.js';
import type { Sso } from './sso.js';
import type { ApiContext } from './api-context.js';

const idTokenRequest = z.object({
  idToken: z.string().min(1),
  /** The caller holds a refresh token: the session then ends with the ID token and is renewed by the caller. */
  refreshable: z.boolean().optional(),
});

const settingsResponse = z.object({
  url: z.string(),
  oidcConfig: z
    .object({
      name: z.string(),
      issuer: z.string(),
      clientID: z.string(),
      cliClientID: z.string().optional(),
      scopes: z.array(z.string()),
      idTokenClaims: z.record(z.string(), z.unknown()).optional(),
      /** oidc.config rootCA: the CA a client trusts for the issuer (a certificate, public by nature). */
      rootCA: z.string().optional(),
    })
    .optional(),
});

export function ssoRoutes(api: ApiContext, sso: Sso): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/settings',
      summary: 'Public settings: the server URL and the SSO provider to offer (never its client secret)',
      tag: 'Settings',
      auth: 'public',
      response: settingsResponse,
      async handler() {
        const { url, oidc: s } = api.settings.current();
        if (s.kind !== 'on') return json({ url });
        const c = s.config;
        return json({
          url: c.url,
          oidcConfig: {
            name: c.name,
            issuer: c.issuer,
            clientID: c.clientID,
            ...(c.cliClientID ? { cliClientID: c.cliClientID } : {}),
            scopes: c.requestedScopes,
            ...(c.requestedIDTokenClaims ? { idTokenClaims: c.requestedIDTokenClaims } : {}),
            ...(c.rootCA ? { rootCA: c.rootCA } : {}),
          },
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/session/oidc',
      summary: "Trade an ID token of the configured SSO provider (the CLI's --sso login) for a session token",
      tag: 'Session',
      auth: 'public',
      body: idTokenRequest,
      response: tokenResponse,
      async handler({ body }) {
        const config = sso.config();
        const audiences = [config.clientID, ...(config.cliClientID ? [config.cliClientID] : [])];
        const { token } = await sso.session(config, body.idToken, {
          audiences,
          refreshable: body.refreshable,
        });
        return json({ token });
      },
    }),
  ];
}
