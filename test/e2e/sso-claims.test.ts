// oidc.config requestedIDTokenClaims through `driftless server`: the browser's and the CLI's authorization
// requests carry it as the OpenID `claims` parameter, and a provider that puts groups in the ID token only
// when asked so (here: no `groups` scope requested) gives the group its RBAC; without it, no groups.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../src/server/api-client.js';
import { applyConfigMap } from './api-support.js';
import { cliRunner } from './support/cli.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { BrowserAgent } from './support/oidc-op.js';
import { browserSsoLogin, cliSsoLogin, oidcConfig, startSsoServer, type SsoServer } from './support/sso.js';

const NS = `sso-claims-e2e-${randomSuffix()}`;
const CLIENT_SECRET = `sso-claims-secret-${randomSuffix(12)}`;
const CLAIMS = { groups: { essential: true } };
const xdg = mkdtempSync(join(tmpdir(), 'driftless-sso-claims-cli-'));
const cli = cliRunner(xdg);
let sso: SsoServer;

/** argocd-cm asking for openid and email only (no groups scope), with or without requestedIDTokenClaims. */
async function configure(claims: boolean): Promise<void> {
  const extra = [`clientSecret: ${CLIENT_SECRET}`];
  if (claims) extra.push(`requestedIDTokenClaims: ${JSON.stringify(CLAIMS)}`);
  await applyConfigMap(NS, 'argocd-cm', {
    url: sso.api.url,
    'oidc.config': oidcConfig(sso.op, 'Test IdP', ['openid', 'email'], extra),
  });
  await waitFor(
    async () => {
      const o = (await new ApiClient(sso.api.url).settings()).oidcConfig;
      return o !== undefined && (o.idTokenClaims !== undefined) === claims;
    },
    { what: `requestedIDTokenClaims ${claims ? 'in' : 'gone from'} /api/v1/settings`, timeoutMs: 30_000 },
  );
}

/** The `claims` parameter of the provider URL /auth/login sends a browser to. */
async function claimsOfBrowserRedirect(): Promise<unknown> {
  const res = await new BrowserAgent().request(new URL('/auth/login?return_url=/applications', sso.api.url));
  assert.equal(res.status, 303);
  const to = new URL(res.headers.get('location') ?? '');
  assert.equal(to.origin, sso.op.issuer);
  const claims = to.searchParams.get('claims');
  return claims === null ? undefined : JSON.parse(claims);
}

/** What the server's session says after a browser login as `login`. */
async function sessionOf(login: string): Promise<{ username: string; groups: string[] }> {
  const { agent } = await browserSsoLogin(sso.api.url, login, '/applications');
  const res = await agent.request(new URL('/api/v1/session/userinfo', sso.api.url));
  return (await res.json()) as { username: string; groups: string[] };
}

before(async () => {
  sso = await startSsoServer({
    namespace: NS,
    clientSecret: CLIENT_SECRET,
    groupsOf: (login) => (login.startsWith('viewer') ? ['viewers'] : []),
    claimsParameter: true,
  });
  await applyConfigMap(NS, 'argocd-rbac-cm', { 'policy.csv': 'g, viewers, role:readonly' });
});

after(async () => {
  await sso.stop();
  rmSync(xdg, { recursive: true, force: true });
});

test('requestedIDTokenClaims reaches the provider as the claims parameter; the group it asks for reaches RBAC', async () => {
  await configure(true);
  assert.deepEqual(await claimsOfBrowserRedirect(), { id_token: CLAIMS });
  const session = await sessionOf('viewer-claire');
  assert.equal(session.username, 'viewer-claire@example.test');
  assert.deepEqual(session.groups, ['viewers']);

  // `driftless login --sso` asks the same, and its session has the group's role.
  const { authorize, run } = await cliSsoLogin(cli, sso.api.url, 'claims', 'viewer-claire');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(authorize.searchParams.get('claims') ?? 'null'), { id_token: CLAIMS });
  const may = await cli(['account', 'can-i', 'get', 'applications', 'default/*']);
  assert.equal(may.stdout.trim(), 'yes', may.stderr);
  const mayNot = await cli(['account', 'can-i', 'sync', 'applications', 'default/*']);
  assert.equal(mayNot.stdout.trim(), 'no', mayNot.stderr);
});

test('without requestedIDTokenClaims the same provider and scopes give no groups, so no role', async () => {
  await configure(false);
  assert.equal(await claimsOfBrowserRedirect(), undefined);
  const session = await sessionOf('viewer-claire');
  assert.deepEqual(session.groups, []);
  const { run } = await cliSsoLogin(cli, sso.api.url, 'no-claims', 'viewer-claire');
  assert.equal(run.code, 0, run.stderr);
  const may = await cli(['account', 'can-i', 'get', 'applications', 'default/*']);
  assert.equal(may.stdout.trim(), 'no', may.stderr);
});
