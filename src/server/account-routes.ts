// Local accounts: list, get, change password, API keys (create/delete), and can-i.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { ApiContext } from './api-context.js';
import { issueToken } from './auth.js';
import { badRequest, forbidden, HttpError, notFound, unauthorized } from './http-error.js';
import { defineRoute, json, type RouteInput, type Route } from './route.js';
import { canIResponse, passwordUpdate, tokenCreate, tokenResponse } from './schemas.js';
import { writePassword, writeTokens } from './secret-writes.js';
import type { Account } from './settings.js';

function view(a: Account) {
  return { name: a.name, enabled: a.enabled, capabilities: a.capabilities, tokens: a.tokens };
}

export function accountRoutes(api: ApiContext): Route[] {
  const account = (name: string): Account => {
    const a = api.settings.current().accounts.get(name);
    if (!a)
      throw notFound(
        `account ${name} does not exist`,
        'accounts are declared in argocd-cm as accounts.<name>: apiKey, login',
      );
    return a;
  };
  /** Your own account needs no permission; anyone else's needs accounts/update. */
  const selfOrUpdate = (i: RouteInput<unknown>, name: string) => {
    // Only a local session is "self": an SSO user whose subject happens to equal an account name is not it.
    if (i.principal?.kind !== 'account' || i.principal.sub !== name) i.require('accounts', 'update', name);
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/account',
      summary: 'List local accounts',
      tag: 'Accounts',
      auth: 'user',
      rbac: { resource: 'accounts', action: 'get' },
      async handler({ can }) {
        const items = [...api.settings.current().accounts.values()].filter((a) =>
          can('accounts', 'get', a.name),
        );
        return json({ items: items.map(view) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/account/{name}',
      summary: 'Get a local account',
      tag: 'Accounts',
      auth: 'user',
      rbac: { resource: 'accounts', action: 'get', object: ({ params }) => params.name ?? '' },
      async handler({ params }) {
        return json(view(account(params.name ?? '')));
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/account/password',
      summary: "Change a password (your own, or another account's with accounts/update)",
      tag: 'Accounts',
      auth: 'user',
      rbac: 'self',
      body: passwordUpdate,
      async handler(i) {
        const me = i.principal?.sub ?? '';
        const name = i.body.name || me;
        if (i.principal?.kind !== 'account')
          throw forbidden('only local accounts have a password (not project role tokens or SSO users)');
        selfOrUpdate(i, name);
        const a = account(name);
        // The current password proven is the caller's own, as in Argo CD.
        const mine = api.settings.current().accounts.get(me);
        if (!mine?.passwordHash || !(await bcrypt.compare(i.body.currentPassword, mine.passwordHash)))
          throw unauthorized('current password does not match');
        if (!a.capabilities.includes('login'))
          throw badRequest(`account ${name} cannot log in, so it has no password`);
        await writePassword(api.writer, name, i.body.newPassword);
        api.log.info('password changed', { account: name, by: me });
        return json({});
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/account/{name}/token',
      summary: 'Create an API key for an account with the apiKey capability',
      tag: 'Accounts',
      auth: 'user',
      rbac: 'self',
      body: tokenCreate,
      response: tokenResponse,
      async handler(i) {
        const name = i.params.name ?? '';
        selfOrUpdate(i, name);
        const a = account(name);
        if (!a.capabilities.includes('apiKey'))
          throw badRequest(
            `account ${name} does not have the apiKey capability`,
            `set accounts.${name}: apiKey in argocd-cm`,
          );
        const key = api.settings.current().secretKey;
        if (!key) throw new HttpError(503, 'the server signing key is not loaded yet');
        const id = i.body.id ?? randomUUID();
        if (a.tokens.some((t) => t.id === id))
          throw badRequest(`account ${name} already has a token with id ${id}`);
        const now = Math.floor(api.nowMs() / 1000);
        const { token, claims } = issueToken(key, name, now, { ttlSec: i.body.expiresIn, id });
        await writeTokens(api.writer, name, [
          ...a.tokens,
          { id, iat: now, ...(claims.exp ? { exp: claims.exp } : {}) },
        ]);
        return json({ token });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/account/{name}/token/{id}',
      summary: 'Revoke an API key',
      tag: 'Accounts',
      auth: 'user',
      rbac: 'self',
      async handler(i) {
        const name = i.params.name ?? '';
        selfOrUpdate(i, name);
        const a = account(name);
        if (!a.tokens.some((t) => t.id === i.params.id))
          throw notFound(`account ${name} has no token ${i.params.id}`);
        await writeTokens(
          api.writer,
          name,
          a.tokens.filter((t) => t.id !== i.params.id),
        );
        return json({});
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/account/can-i/{resource}/{action}/{object*}',
      summary: 'Whether the caller may perform an action: {"value": "yes"|"no"}',
      tag: 'Accounts',
      auth: 'user',
      rbac: 'self',
      response: canIResponse,
      async handler({ params, can }) {
        return json({
          value: can(params.resource ?? '', params.action ?? '', params.object ?? '') ? 'yes' : 'no',
        });
      },
    }),
  ];
}
