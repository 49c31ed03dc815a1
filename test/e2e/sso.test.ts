// SSO with OpenID Connect through `driftless server`: a real OpenID provider (oidc-provider) on loopback,
// the browser's authorization-code flow with PKCE, `driftless login --sso`, a group mapped to a read-only
// role, forged and expired ID tokens refused, and new logins verified after the provider rotates its keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import { ApiClient, type ApiClientError } from '../../src/server/api-client.js';
import { appBody, applyConfigMap, deploymentYaml, type RunningApi } from './api-support.js';
import { cliRunner } from './support/cli.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import type { BrowserAgent, TestOp } from './support/oidc-op.js';
import { browserSsoLogin, cliSsoLogin, oidcConfig, startSsoServer, type SsoServer } from './support/sso.js';

const NS = `sso-e2e-${randomSuffix()}`;
const app = `sso-web-${randomSuffix()}`;
const dest = `sso-dest-${randomSuffix()}`;
const CLIENT_SECRET = `sso-client-secret-${randomSuffix(12)}`;
const repo = new TestRepo();
const xdg = mkdtempSync(join(tmpdir(), 'driftless-sso-cli-'));
const cli = cliRunner(xdg);
let sso: SsoServer;
let api: RunningApi;
let op: TestOp;
/** An ID token the browser login obtained (kept in its cookie for the provider's logout). */
let browserIdToken = '';

before(async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('sso-web', 1) }).commit('one replica');
  sso = await startSsoServer({
    namespace: NS,
    clientSecret: CLIENT_SECRET,
    groupsOf: (login) => (login.startsWith('viewer') ? ['viewers'] : ['others']),
  });
  ({ api, op } = sso);
  // The client secret lives in its own Secret, referenced as `$<secret>:<key>` (it must be part-of argocd).
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sso-client', namespace: NS, labels: { 'app.kubernetes.io/part-of': 'argocd' } },
    stringData: { clientSecret: CLIENT_SECRET },
  };
  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(secret) });
  await applyConfigMap(NS, 'argocd-cm', {
    url: api.url,
    'oidc.config': oidcConfig(
      op,
      'Test IdP',
      ['openid', 'email', 'groups'],
      ['clientSecret: $sso-client:clientSecret'],
    ),
  });
  await applyConfigMap(NS, 'argocd-rbac-cm', {
    'policy.csv': 'g, viewers, role:readonly',
    scopes: '[groups]',
  });
  await api.admin.createApplication(appBody(app, repo.url, 'app', dest) as Application);
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await sso.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

/** A browser login from the server's /auth/login to the page it returns to; the session cookie's token. */
async function browserLogin(login: string): Promise<{ agent: BrowserAgent; token: string; landed: URL }> {
  const { agent, landed } = await browserSsoLogin(api.url, login, `/applications/${app}`);
  const token = agent.cookie(api.url, 'argocd.token');
  assert.ok(token, 'the callback set the session cookie');
  return { agent, token, landed };
}

function refused(status: number, pattern: RegExp) {
  return (e: ApiClientError) => {
    assert.equal(e.status, status);
    assert.match(e.message, pattern);
    return true;
  };
}

test('the login page learns the SSO name from /api/v1/settings; the client secret is never served', async () => {
  const settings = await waitFor(
    async () => {
      const s = await new ApiClient(api.url).settings();
      return s.oidcConfig ? s : undefined;
    },
    { what: 'SSO in /api/v1/settings', timeoutMs: 30_000 },
  );
  assert.equal(settings.oidcConfig?.name, 'Test IdP');
  assert.equal(settings.oidcConfig?.issuer, op.issuer);
  assert.ok(!JSON.stringify(settings).includes(CLIENT_SECRET));
});

test('SSO login in the browser: a member of viewers may get an app but its sync is refused with 403', async () => {
  const { agent, token, landed } = await browserLogin('viewer-vera');
  assert.equal(landed.pathname, `/applications/${app}`);
  browserIdToken = agent.cookie(api.url, 'driftless.id-token') ?? '';
  const vera = new ApiClient(api.url, token);
  const me = await vera.userInfo();
  assert.equal(me.username, 'viewer-vera@example.test');
  assert.ok(me.groups.includes('viewers'), `groups: ${me.groups.join(',')}`);
  assert.equal((await vera.getApplication(app)).metadata.name, app);
  await assert.rejects(vera.syncApplication(app), refused(403, /permission denied: applications, sync/));
  // Someone outside the mapped group gets no role at all.
  const other = new ApiClient(api.url, (await browserLogin('outsider-otto')).token);
  await assert.rejects(other.getApplication(app), refused(403, /permission denied/));
  // Logout clears the session and sends the browser to the provider's end_session_endpoint.
  const out = await agent.request(new URL(`${api.url}/auth/logout`));
  assert.equal(out.status, 303);
  const to = new URL(out.headers.get('location') ?? '');
  assert.equal(to.origin, op.issuer);
  assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${api.url}/login`);
  assert.equal(agent.cookie(api.url, 'argocd.token'), undefined);
  assert.ok(!sso.logLines.some((l) => l.includes(CLIENT_SECRET)), 'the client secret is never logged');
});

test('driftless login --sso through the same provider stores a session the CLI uses', async () => {
  const { callback, run: done } = await cliSsoLogin(cli, api.url, 'sso', 'viewer-carl');
  assert.equal(callback.hostname, '127.0.0.1');
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /logged in to .* as viewer-carl@example\.test/);
  const get = await cli(['app', 'get', app, '-o', 'json']);
  assert.equal(get.code, 0, get.stderr);
  const sync = await cli(['app', 'sync', app]);
  assert.notEqual(sync.code, 0);
  assert.match(sync.stderr, /permission denied: applications, sync/);
});

test('an ID token that was tampered with, has expired or is for another client is refused', async () => {
  assert.ok(browserIdToken, 'the browser login kept its ID token');
  const anon = new ApiClient(api.url);
  assert.ok(await anon.loginWithIdToken(browserIdToken), 'the genuine ID token is accepted');
  const [h = '', p = '', s = ''] = browserIdToken.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, groups: ['admins'] })).toString('base64url')}.${s}`;
  await assert.rejects(anon.loginWithIdToken(forged), refused(401, /signature is invalid/));
  const now = Math.floor(Date.now() / 1000);
  const base = { iss: op.issuer, aud: 'driftless', sub: 'viewer-vera', groups: ['viewers'] };
  const expired = await op.sign({ ...base, iat: now - 7200, exp: now - 3600 });
  await assert.rejects(anon.loginWithIdToken(expired), refused(401, /expired/));
  const elsewhere = await op.sign({ ...base, aud: 'another-client', iat: now, exp: now + 600 });
  await assert.rejects(anon.loginWithIdToken(elsewhere), refused(401, /aud/));
});

test('the provider rotates its signing key: new logins verify with the new key', async () => {
  const before = op.kids()[0];
  await op.rotate();
  const kid = op.kids()[0];
  assert.notEqual(kid, before);
  const jwks = (await (await fetch(`${op.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  assert.equal(jwks.keys[0]?.kid, kid, 'the provider publishes the new key');
  const { agent, token } = await browserLogin('viewer-rita');
  const idToken = agent.cookie(api.url, 'driftless.id-token') ?? '';
  const header = JSON.parse(Buffer.from(idToken.split('.')[0] ?? '', 'base64url').toString()) as {
    kid: string;
  };
  assert.equal(header.kid, kid, 'the new login was signed with the rotated key');
  assert.equal((await new ApiClient(api.url, token).getApplication(app)).metadata.name, app);
});
