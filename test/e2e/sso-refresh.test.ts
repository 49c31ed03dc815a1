// SSO sessions renewed from refresh tokens through `driftless server` and a real OpenID provider whose ID
// tokens live 20 s (offline_access requested): the CLI keeps working past expiry and stores the rotated
// refresh token; the browser's session is renewed with the groups the provider gives now; logout revokes
// the grant; a refresh the provider refuses ends the session with "log in again".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import { ApiClient, type ApiClientError } from '../../src/server/api-client.js';
import { appBody, applyConfigMap, deploymentYaml, type RunningApi } from './api-support.js';
import { cliRunner } from './support/cli.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';
import type { TestOp } from './support/oidc-op.js';
import { browserSsoLogin, cliSsoLogin, oidcConfig, startSsoServer, type SsoServer } from './support/sso.js';

const NS = `sso-refresh-e2e-${randomSuffix()}`;
const app = `sso-refresh-${randomSuffix()}`;
const dest = `sso-refresh-dest-${randomSuffix()}`;
const CLIENT_SECRET = `sso-refresh-secret-${randomSuffix(12)}`;
const ID_TOKEN_TTL_SEC = 20;
const repo = new TestRepo();
const xdg = mkdtempSync(join(tmpdir(), 'driftless-sso-refresh-'));
const cli = cliRunner(xdg);
const groups = new Map<string, string[]>();
let sso: SsoServer;
let api: RunningApi;
let op: TestOp;

before(async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('sso-refresh', 1) }).commit('one replica');
  sso = await startSsoServer({
    namespace: NS,
    clientSecret: CLIENT_SECRET,
    groupsOf: (login) => groups.get(login) ?? ['viewers'],
    idTokenTtlSec: ID_TOKEN_TTL_SEC,
  });
  ({ api, op } = sso);
  await applyConfigMap(NS, 'argocd-cm', {
    url: api.url,
    'oidc.config': oidcConfig(
      op,
      'Test IdP',
      ['openid', 'email', 'groups', 'offline_access'],
      [`clientSecret: ${CLIENT_SECRET}`, 'requestedIDTokenClaims: {"groups": {"essential": true}}'],
    ),
  });
  await applyConfigMap(NS, 'argocd-rbac-cm', { 'policy.csv': 'g, viewers, role:readonly' });
  await api.admin.createApplication(appBody(app, repo.url, 'app', dest) as Application);
  await waitFor(async () => (await new ApiClient(api.url).settings()).oidcConfig, {
    what: 'SSO in /api/v1/settings',
    timeoutMs: 30_000,
  });
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await sso.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

interface Ctx {
  token?: string;
  refreshToken?: string;
}

function cliContext(): Ctx {
  const config = JSON.parse(readFileSync(join(xdg, 'driftless', 'config.json'), 'utf8')) as {
    contexts: Record<string, Ctx>;
  };
  return config.contexts.sso ?? {};
}

function claimsOf(token: string | undefined): { iat: number; exp: number; groups?: string[] } {
  return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as {
    iat: number;
    exp: number;
  };
}

/** Waits (for the condition, not a fixed time) until a token's expiry has passed. */
async function expired(token: string | undefined): Promise<void> {
  const { exp } = claimsOf(token);
  await waitFor(async () => Date.now() / 1000 > exp + 1, {
    what: 'the session to expire',
    timeoutMs: (ID_TOKEN_TTL_SEC + 30) * 1000,
    intervalMs: 500,
  });
}

function noSecretsLogged(...secrets: (string | undefined)[]): void {
  for (const s of secrets)
    if (s)
      assert.ok(!sso.logLines.some((l) => l.includes(s)), 'a token or secret appeared in the server log');
}

test('driftless login --sso keeps a refresh token; the CLI renews its session past expiry; a revoked grant says log in again', async () => {
  const { authorize, run: done } = await cliSsoLogin(cli, api.url, 'sso', 'cli-cora');
  const asked = authorize.searchParams;
  assert.equal(asked.get('prompt'), 'consent', 'offline_access asks for consent');
  assert.deepEqual(JSON.parse(asked.get('claims') ?? '{}'), { id_token: { groups: { essential: true } } });
  assert.equal(done.code, 0, done.stderr);

  const first = cliContext();
  assert.ok(first.refreshToken, 'the context keeps the refresh token');
  const t1 = claimsOf(first.token);
  assert.ok(t1.exp - t1.iat <= ID_TOKEN_TTL_SEC, `the session ends with the ID token (${t1.exp - t1.iat} s)`);
  assert.equal((await cli(['app', 'get', app, '-o', 'name'])).code, 0);

  await expired(first.token);
  const old = new ApiClient(api.url, first.token);
  await assert.rejects(old.getApplication(app), (e: ApiClientError) => e.status === 401);
  const get = await cli(['app', 'get', app, '-o', 'json']);
  assert.equal(get.code, 0, `the CLI renewed its session: ${get.stderr}`);
  const second = cliContext();
  assert.notEqual(second.token, first.token, 'a new session token is stored');
  assert.ok(
    second.refreshToken && second.refreshToken !== first.refreshToken,
    'the rotated refresh token is stored',
  );

  // The user's grant is revoked at the provider (RFC 7009); the session ends when it next needs renewing.
  const meta = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as {
    revocation_endpoint: string;
  };
  const revoked = await fetch(meta.revocation_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: second.refreshToken, client_id: 'driftless-cli' }).toString(),
  });
  assert.equal(revoked.status, 200);
  await expired(second.token);
  const refused = await cli(['app', 'get', app]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /your SSO session has ended: .*invalid_grant/);
  assert.match(refused.stderr, /log in again: driftless login http:\/\/127\.0\.0\.1:\d+ --sso/);
  const forgotten = cliContext();
  assert.ok(!forgotten.token && !forgotten.refreshToken, 'the ended session is forgotten');
  const ctx = await cli(['context', '-o', 'json']);
  assert.match(ctx.stdout, /"loggedIn": false/);
  noSecretsLogged(first.refreshToken, second.refreshToken, first.token, CLIENT_SECRET);
});

test('the browser session is renewed with the groups the provider gives now; logout revokes the grant', async () => {
  const login = 'browser-bea';
  groups.set(login, ['viewers']);
  const { agent } = await browserSsoLogin(api.url, login, `/applications/${app}`);
  const s1 = agent.cookie(api.url, 'argocd.token');
  const sealed = agent.cookie(api.url, 'driftless.oidc-refresh');
  assert.ok(s1 && sealed, 'the callback set the session and the sealed refresh token');
  const appUrl = new URL(`${api.url}/api/v1/applications/${app}`);
  assert.equal((await agent.request(appUrl)).status, 200);

  // The provider now says bea is no viewer: the renewed session carries that.
  groups.set(login, ['others']);
  await expired(s1);
  const me = await agent.request(new URL(`${api.url}/api/v1/session/userinfo`));
  assert.equal(me.status, 200);
  const info = (await me.json()) as { loggedIn: boolean; groups: string[] };
  assert.deepEqual(info, { ...info, loggedIn: true, groups: ['others'] });
  const s2 = agent.cookie(api.url, 'argocd.token');
  assert.ok(s2 && s2 !== s1, 'the answer carried a renewed session cookie');
  assert.equal((await agent.request(appUrl)).status, 403, 'the renewed session has the new groups only');

  // Logout revokes the grant: the old refresh cookie, sent again, renews nothing and ends the session.
  assert.equal((await agent.request(new URL(`${api.url}/auth/logout`))).status, 303);
  assert.equal(agent.cookie(api.url, 'driftless.oidc-refresh'), undefined);
  const replay = await fetch(`${api.url}/api/v1/session/userinfo`, {
    headers: { Cookie: `driftless.oidc-refresh=${sealed}` },
  });
  assert.equal(replay.status, 401);
  const body = (await replay.json()) as { message?: string; error?: string; hint?: string };
  assert.match(`${body.message ?? body.error}`, /your SSO session has ended: .*invalid_grant/);
  assert.match(`${body.hint}`, /log in again/);
  assert.ok(
    replay.headers.getSetCookie().some((c) => /^driftless\.oidc-refresh=;.*Max-Age=0/.test(c)),
    'the ended session clears its cookies',
  );
  noSecretsLogged(sealed, s1, s2, CLIENT_SECRET);
});
