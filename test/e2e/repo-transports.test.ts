// Repository transport settings through `driftless server` and `driftless repo add`: a TLS client
// certificate for a Git host that demands one, a proxy (and noProxy bypassing it), basic auth sent first
// to a host that would otherwise negotiate, and N apps of one repository costing one ls-remote per poll.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import {
  makeTestCA,
  startHttpGitServer,
  type HttpGitServer,
  type HttpGitServerOptions,
  type TestCA,
} from './git-servers.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { getApp, synced, waitForApp } from './support/controller.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { configMap } from './support/manifests.js';
import { ControllerSuite } from './support/suite.js';

const s = new ControllerSuite('repo-transports-e2e');
// Long enough that one poll of all the apps is a burst well inside one interval, even on a loaded machine.
const POLL_MS = 4_000;
const APPS = 6;
const gitRoot = mkdtempSync(join(tmpdir(), 'driftless-transports-git-'));
const work = mkdtempSync(join(tmpdir(), 'driftless-transports-cli-'));
const cli = cliRunner(work);
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const servers: { close(): Promise<void> }[] = [];
let api: RunningApi;
let ca: TestCA;

/** Starts a git server over `gitRoot`, closed after the file. */
async function gitServer(
  auth?: { username: string; password: string },
  opts: HttpGitServerOptions = {},
): Promise<HttpGitServer> {
  const server = await startHttpGitServer(gitRoot, auth, opts);
  servers.push(server);
  return server;
}

/** An app of `repoURL` at `path` into its own namespace, without automated sync unless asked. */
async function createApp(name: string, repoURL: string, path: string, automated = true): Promise<string> {
  const app = s.app(name);
  await s.createApp(app, path, s.destNs(name), { repoURL, ...(automated ? { automated: {} } : {}) });
  return app;
}

before(async () => {
  const files: Record<string, string> = { 'apps/web/cm.yaml': configMap('web', '1') };
  for (let i = 0; i < APPS; i++) files[`apps/a${i}/cm.yaml`] = configMap(`a${i}`, '1');
  s.repo.write(files).commit('fixtures');
  for (const name of ['config.git', 'direct.git']) {
    const bare = join(gitRoot, name);
    execFileSync('git', ['init', '-q', '--bare', bare]);
    s.repo.git('push', '-q', bare, 'main:main');
    execFileSync('git', ['-C', bare, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  }
  ca = await makeTestCA();
  api = await startApi({ namespace: s.NS, pollIntervalMs: POLL_MS });
  await applyConfigMap(s.NS, 'argocd-tls-certs-cm', { '127.0.0.1': ca.caCert });
  await loginAdmin(cli, api.url, api.adminPassword);
});

after(async () => {
  await s.teardown(api.running);
  for (const server of servers) await server.close();
  rmSync(gitRoot, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

test(`${APPS} apps of one repository cost one ls-remote per poll interval, not one per app`, async () => {
  const counted = await gitServer();
  const url = `${counted.url}/config.git`;
  const names = await Promise.all(
    Array.from({ length: APPS }, (_, i) => createApp(`shared-${i}`, url, `apps/a${i}`, false)),
  );
  for (const name of names)
    await waitForApp(s.NS, name, 'compared at a revision', (a) => Boolean(a.status?.sync?.revision));
  const refsRequests = () => counted.served.filter((r) => r.startsWith('GET /config.git/info/refs')).length;
  // The first test of the file: these are the controller's only apps, so its reconcile count is theirs.
  const reconciles = () => api.running.stats.reconciles;
  const t0 = Date.now();
  const r0 = reconciles();
  const before = refsRequests();
  // Three poll intervals at least: other refreshes (a flapping cluster probe on a loaded machine) can
  // add reconciles faster than polls, all answered from the refs kept for the interval.
  await waitFor(async () => (reconciles() - r0 >= 3 * APPS && Date.now() - t0 >= 3 * POLL_MS) || undefined, {
    what: `${APPS} apps to be polled three times each, over three poll intervals`,
    timeoutMs: 120_000,
  });
  const requests = refsRequests() - before;
  const polled = reconciles() - r0;
  const windowMs = Date.now() - t0;
  // A repository's refs are kept one poll interval: ls-remotes start at least that far apart, whatever
  // the number of apps (one per app would be ≥ 3 × APPS here).
  const bound = Math.floor(windowMs / POLL_MS) + 1;
  assert.ok(requests >= 1, 'the polls asked the remote for its refs');
  assert.ok(
    requests <= bound,
    `${requests} ls-remotes in ${windowMs} ms (${polled} refreshes of ${APPS} apps): at most ${bound}, one per ${POLL_MS} ms`,
  );
  assert.ok(requests < polled, `${requests} ls-remotes for ${polled} refreshes: not one per refresh`);
});

test('a Git host that demands a TLS client certificate: refused without one, used with repo add --tls-client-cert-path', async () => {
  const mtls = await gitServer(undefined, { tls: ca, clientCA: ca.caCert });
  const url = `${mtls.url}/config.git`;
  const without = await cli(['repo', 'add', url]);
  assert.equal(without.code, 1, show(without));
  assert.match(without.stderr, /cannot connect to repository/, show(without));
  assert.equal(mtls.served.length, 0, 'no request got past the TLS handshake');
  const cert = join(work, 'client.crt');
  const key = join(work, 'client.key');
  writeFileSync(cert, ca.client.cert);
  writeFileSync(key, ca.client.key, { mode: 0o600 });
  const add = await cli([
    'repo',
    'add',
    url,
    '--tls-client-cert-path',
    cert,
    '--tls-client-cert-key-path',
    key,
  ]);
  assert.equal(add.code, 0, show(add));
  const app = await createApp('mtls', url, 'apps/web');
  await waitForApp(s.NS, app, 'Synced', synced, 120_000);
  const list = await cli(['repo', 'list', '-o', 'yaml']);
  assert.ok(list.stdout.includes(url), list.stdout);
  const keyBody = ca.client.key.split('\n')[1] ?? '';
  assert.ok(keyBody.length > 20);
  for (const text of [list.stdout, JSON.stringify(await getApp(s.NS, app))])
    assert.ok(!text.includes(keyBody), 'the client key is never shown');
});

test('a repository’s proxy carries its git traffic; with noProxy naming the host it is bypassed', async () => {
  const https = await gitServer(undefined, { tls: ca });
  const viaProxy = await startConnectProxy();
  const bypassed = await startConnectProxy();
  servers.push(viaProxy, bypassed);
  const host = new URL(https.url).host;
  // Two repositories of one server: one through its proxy, one with the host in its noProxy.
  const proxied = `${https.url}/config.git`;
  const direct = `${https.url}/direct.git`;
  const add = await cli(['repo', 'add', proxied, '--proxy', viaProxy.url]);
  assert.equal(add.code, 0, show(add));
  assert.ok(
    viaProxy.tunnels.includes(host),
    `repo add went through the proxy: ${viaProxy.tunnels.join(', ')}`,
  );
  const addDirect = await cli(['repo', 'add', direct, '--proxy', bypassed.url, '--no-proxy', '127.0.0.1']);
  assert.equal(addDirect.code, 0, show(addDirect));
  const app = await createApp('proxied', proxied, 'apps/web');
  const other = await createApp('direct', direct, 'apps/a0');
  await waitForApp(s.NS, app, 'Synced', synced, 120_000);
  await waitForApp(s.NS, other, 'Synced', synced, 120_000);
  assert.ok(viaProxy.tunnels.length >= 2, 'the controller fetched through the proxy too');
  assert.ok(viaProxy.tunnels.every((t) => t === host));
  assert.deepEqual(bypassed.tunnels, [], 'noProxy: the second proxy was never used');
});

test('forceHttpBasicAuth: a host that answers 401 with only a Negotiate challenge accepts basic auth sent first', async () => {
  const auth = { username: 'bob', password: `pat-${randomSuffix(10)}` };
  const negotiating = await gitServer(auth, { tls: ca, challenge: 'Negotiate' });
  const url = `${negotiating.url}/config.git`;
  const plain = await cli(['repo', 'add', url, '--username', auth.username, '--password-stdin'], {
    input: `${auth.password}\n`,
  });
  assert.equal(plain.code, 1, `git answers a Negotiate-only challenge without basic auth\n${show(plain)}`);
  assert.ok(negotiating.unauthorized > 0);
  const before401 = negotiating.unauthorized;
  const forced = await cli(
    ['repo', 'add', url, '--username', auth.username, '--password-stdin', '--force-http-basic-auth'],
    { input: `${auth.password}\n` },
  );
  assert.equal(forced.code, 0, show(forced));
  const app = await createApp('basic-first', url, 'apps/web');
  await waitForApp(s.NS, app, 'Synced', synced, 120_000);
  assert.equal(negotiating.unauthorized, before401, 'with basic auth sent first, no request met a 401');
});
