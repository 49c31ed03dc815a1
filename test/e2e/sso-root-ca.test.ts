// oidc.config `rootCA` through `driftless server`: the test OpenID provider serves HTTPS with a certificate
// of its own CA; without rootCA the server cannot trust it and says so, with rootCA discovery, the JWKS
// and ID-token logins work, and `driftless login --sso` (which talks to the issuer itself) trusts the CA the
// server names, for the login and for renewing its session; a rootCA that is not PEM is a misconfiguration.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, type ApiClientError } from '../../src/server/api-client.js';
import { applyConfigMap, type RunningApi } from './api-support.js';
import { makeTestCA, type TestCA } from './git-servers.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectl } from './support/kubectl.js';
import type { TestOp } from './support/oidc-op.js';
import { cliRunner } from './support/cli.js';
import { cliSsoLogin, oidcConfig as oidcConfigYaml, startSsoServer, type SsoServer } from './support/sso.js';

const NS = `sso-ca-e2e-${randomSuffix()}`;
let sso: SsoServer | undefined;
let api: RunningApi;
let op: TestOp;
let ca: TestCA;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-sso-ca-'));
const cli = cliRunner(xdg);

function oidcConfig(rootCA?: string): Record<string, string> {
  const pem =
    rootCA === undefined
      ? []
      : [
          'rootCA: |',
          ...rootCA
            .trim()
            .split('\n')
            .map((l) => `  ${l}`),
        ];
  return {
    url: api.url,
    'oidc.config': oidcConfigYaml(op, 'Private IdP', ['openid', 'email', 'offline_access'], pem),
  };
}

async function idToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return op.sign({ iss: op.issuer, aud: 'driftless', sub: 'ca-user', iat: now, exp: now + 600 });
}

before(async () => {
  ca = await makeTestCA();
  sso = await startSsoServer({
    namespace: NS,
    clientSecret: 'unused-here',
    groupsOf: () => [],
    tls: { cert: ca.cert, key: ca.key },
    idTokenTtlSec: 15,
  });
  ({ api, op } = sso);
  assert.match(op.issuer, /^https:\/\/127\.0\.0\.1:\d+$/);
});

after(async () => {
  await sso?.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false']);
  rmSync(xdg, { recursive: true, force: true });
});

test('without rootCA the provider behind a private CA is not trusted, and the error says why', async () => {
  await applyConfigMap(NS, 'argocd-cm', oidcConfig());
  const token = await idToken();
  const err = await waitFor(
    async () =>
      new ApiClient(api.url).loginWithIdToken(token).then(
        () => undefined,
        (e: ApiClientError) => (e.status === 502 ? e : undefined),
      ),
    { what: 'the SSO settings to apply', timeoutMs: 60_000 },
  );
  assert.match(err.message, /SSO provider is unavailable: cannot reach the OIDC issuer/);
});

test('with rootCA: discovery, the JWKS and the login page reach the provider over TLS', async () => {
  await applyConfigMap(NS, 'argocd-cm', oidcConfig(ca.caCert));
  const token = await idToken();
  const session = await waitFor(
    async () =>
      new ApiClient(api.url).loginWithIdToken(token).then(
        (t) => t,
        () => undefined,
      ),
    { what: 'a login verified with the keys fetched over TLS', timeoutMs: 60_000 },
  );
  const client = new ApiClient(api.url);
  client.token = session;
  // The session works for API calls (an SSO user without a role sees an empty list, not a 401).
  await client.listApplications();
  // The browser's login starts at the provider's (HTTPS) authorization endpoint.
  const res = await fetch(`${api.url}/auth/login`, { redirect: 'manual' });
  assert.equal(res.status, 303, await res.clone().text());
  assert.ok(res.headers.get('location')?.startsWith(`${op.issuer}/`), res.headers.get('location') ?? '');
});

test('driftless login --sso reaches the issuer with the rootCA the server names, and renews its session through it', async () => {
  // The argocd-cm of the test above (with rootCA) is in force.
  const { authorize, run: done } = await cliSsoLogin(cli, api.url, 'ca', 'ca-carl', ca.caCert);
  assert.equal(authorize.protocol, 'https:', 'the CLI sends the browser to the HTTPS provider');
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /logged in to .* as ca-carl@example\.test/);
  // Past the 15 s ID token the CLI renews at the HTTPS token endpoint, trusting the same CA.
  const config = () =>
    JSON.parse(readFileSync(join(xdg, 'driftless', 'config.json'), 'utf8')) as {
      contexts: Record<string, { token?: string; refreshToken?: string }>;
    };
  const first = config().contexts.ca?.token ?? '';
  const { exp } = JSON.parse(Buffer.from(first.split('.')[1] ?? '', 'base64url').toString()) as {
    exp: number;
  };
  await waitFor(async () => Date.now() / 1000 > exp + 1, {
    what: 'the session to expire',
    timeoutMs: 60_000,
    intervalMs: 500,
  });
  const list = await cli(['app', 'list', '-o', 'name']);
  assert.equal(list.code, 0, list.stderr);
  assert.notEqual(config().contexts.ca?.token, first, 'the session was renewed');
});

test('a rootCA that is not a certificate is a misconfiguration the API names', async () => {
  await applyConfigMap(NS, 'argocd-cm', oidcConfig('not a certificate'));
  const token = await idToken();
  const err = await waitFor(
    async () =>
      new ApiClient(api.url).loginWithIdToken(token).then(
        () => undefined,
        (e: ApiClientError) => (/rootCA/.test(e.message) ? e : undefined),
      ),
    { what: 'the invalid rootCA to be reported', timeoutMs: 60_000 },
  );
  assert.equal(err.status, 503);
  assert.match(err.message, /rootCA is not a PEM certificate/);
});
