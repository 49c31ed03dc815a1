// A private Helm chart repository through the product: HTTPS with basic auth and its own CA
// (argocd-tls-certs-cm), `repo add --type helm` refusing a wrong password, and an Application whose
// targetRevision is a semver range resolving to the newest matching chart version; helm.passCredentials for
// a chart archive on another host; a repository's proxy carrying the index and archive fetches, noProxy
// bypassing it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { makeTestCA, startStaticHttpsServer } from './git-servers.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { randomSuffix } from './support/cluster.js';
import { comparisonErrorMatching, synced, waitForApp } from './support/controller.js';
import { startConnectProxy } from './support/connect-proxy.js';
import { kubectlOk } from './support/kubectl.js';
import { ControllerSuite } from './support/suite.js';

const s = new ControllerSuite('helm-repos-e2e');
const PASSWORD = `chart-${randomSuffix(10)}-secret`;
const root = mkdtempSync(join(tmpdir(), 'driftless-charts-'));
const xdg = mkdtempSync(join(tmpdir(), 'driftless-helm-cli-'));
const cli = cliRunner(xdg);
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
let api: RunningApi;
let charts: { url: string; close(): Promise<void> };
/** A second host (another port) holding chart `api`, which the first repository's index points at. */
let mirror: { url: string; close(): Promise<void> };
let ca: Awaited<ReturnType<typeof makeTestCA>>;
/** Servers and proxies a test started, closed after all. */
const closers: { close(): Promise<void> }[] = [];
const mirrorRoot = mkdtempSync(join(tmpdir(), 'driftless-charts-mirror-'));

/** Packs chart `name` at `version` (a ConfigMap naming its version) into `dir`; its index.yaml entry, at `url`. */
function packChart(dir: string, name: string, version: string, url = `${name}-${version}.tgz`): string {
  const src = mkdtempSync(join(tmpdir(), 'driftless-chart-src-'));
  mkdirSync(join(src, name, 'templates'), { recursive: true });
  writeFileSync(join(src, name, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
  writeFileSync(
    join(src, name, 'templates', 'cm.yaml'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-version}\ndata: {version: "{{ .Chart.Version }}"}\n`,
  );
  const tgz = join(dir, `${name}-${version}.tgz`);
  execFileSync('tar', ['-czf', tgz, '-C', src, name]);
  rmSync(src, { recursive: true, force: true });
  const digest = createHash('sha256').update(readFileSync(tgz)).digest('hex');
  return `  - {name: ${name}, version: "${version}", urls: ["${url}"], digest: ${digest}}`;
}

/** Applies an auto-synced Application of a chart (`source`: repoURL, chart, targetRevision, helm) into `dest`. */
const applyChartApp = (app: string, source: Record<string, unknown>, dest: string) =>
  kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: app, namespace: s.NS },
      spec: {
        project: 'default',
        source,
        destination: { server: 'https://kubernetes.default.svc', namespace: dest },
        syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
      },
    }),
  });

before(async () => {
  ca = await makeTestCA();
  const auth = { username: 'alice', password: PASSWORD };
  mirror = await startStaticHttpsServer(mirrorRoot, auth, ca);
  const web = ['1.0.0', '1.2.0', '1.3.0', '2.0.0'].map((v) => packChart(root, 'web', v));
  const apiChart = packChart(mirrorRoot, 'api', '1.0.0', `${mirror.url}/api-1.0.0.tgz`);
  writeFileSync(
    join(root, 'index.yaml'),
    `apiVersion: v1\nentries:\n  web:\n${web.join('\n')}\n  api:\n${apiChart}\n`,
  );
  charts = await startStaticHttpsServer(root, auth, ca);
  api = await startApi({ namespace: s.NS });
  await applyConfigMap(s.NS, 'argocd-tls-certs-cm', { '127.0.0.1': ca.caCert });
  await loginAdmin(cli, api.url, api.adminPassword);
});

after(async () => {
  await s.teardown(api.running);
  await charts.close();
  await mirror.close();
  for (const c of closers) await c.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(mirrorRoot, { recursive: true, force: true });
  rmSync(xdg, { recursive: true, force: true });
});

test('repo add --type helm refuses a wrong password, then stores the right one', async () => {
  const bad = await cli([
    'repo',
    'add',
    charts.url,
    '--type',
    'helm',
    '--name',
    'charts',
    '--username',
    'alice',
    '--password',
    'nope',
  ]);
  assert.equal(bad.code, 1, show(bad));
  assert.match(bad.stderr, /refused the credentials \(HTTP 401\)/);
  const ok = await cli(
    [
      'repo',
      'add',
      charts.url,
      '--type',
      'helm',
      '--name',
      'charts',
      '--username',
      'alice',
      '--password-stdin',
    ],
    {
      input: `${PASSWORD}\n`,
    },
  );
  assert.equal(ok.code, 0, show(ok));
});

test('a semver range in targetRevision deploys the newest matching chart version and shows it', async () => {
  const app = s.app('web');
  const dest = s.destNs('web');
  await applyChartApp(app, { repoURL: charts.url, chart: 'web', targetRevision: '>=1.0.0 <2.0.0' }, dest);
  const done = await waitForApp(
    s.NS,
    app,
    'Synced at chart 1.3.0',
    (a) => synced(a) && a.status?.sync?.revision === '1.3.0',
    120_000,
  );
  assert.equal(done.status?.sync?.revision, '1.3.0');
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'configmap', 'web-version', '-o', 'jsonpath={.data.version}']),
    '1.3.0',
  );
  const apps = await kubectlOk(['-n', s.NS, 'get', 'applications.argoproj.io', '-o', 'json']);
  assert.ok(!apps.includes(PASSWORD));
});

test('a chart archive on another host gets the repository credentials only with helm.passCredentials', async () => {
  const app = s.app('api');
  const apply = (passCredentials: boolean) =>
    applyChartApp(
      app,
      {
        repoURL: charts.url,
        chart: 'api',
        targetRevision: '1.0.0',
        ...(passCredentials ? { helm: { passCredentials } } : {}),
      },
      s.destNs('api'),
    );
  await apply(false);
  await waitForApp(s.NS, app, 'the other host refused the archive', comparisonErrorMatching(/401/), 120_000);
  await apply(true);
  await waitForApp(
    s.NS,
    app,
    'Synced at chart 1.0.0',
    (a) => synced(a) && a.status?.sync?.revision === '1.0.0',
    120_000,
  );
});

test('a Helm repository’s proxy carries its index and chart fetches; with noProxy naming the host it is bypassed', async () => {
  const auth = { username: 'alice', password: PASSWORD };
  const serve = async (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `driftless-charts-${name}-`));
    closers.push({ close: async () => rmSync(dir, { recursive: true, force: true }) });
    writeFileSync(
      join(dir, 'index.yaml'),
      `apiVersion: v1\nentries:\n  ${name}:\n${packChart(dir, name, '1.0.0')}\n`,
    );
    const server = await startStaticHttpsServer(dir, auth, ca);
    closers.push(server);
    return server;
  };
  const [proxied, direct] = [await serve('proxied'), await serve('direct')];
  const [viaProxy, bypassed] = [await startConnectProxy(), await startConnectProxy()];
  closers.push(viaProxy, bypassed);
  const add = (url: string, ...flags: string[]) =>
    cli(['repo', 'add', url, '--type', 'helm', '--username', 'alice', '--password-stdin', ...flags], {
      input: `${PASSWORD}\n`,
    });
  const host = new URL(proxied.url).host;
  const added = await add(proxied.url, '--proxy', viaProxy.url);
  assert.equal(added.code, 0, show(added));
  assert.deepEqual(viaProxy.tunnels, [host], 'repo add read index.yaml through the proxy');
  const addedDirect = await add(direct.url, '--proxy', bypassed.url, '--no-proxy', '127.0.0.1');
  assert.equal(addedDirect.code, 0, show(addedDirect));
  for (const [chart, repoURL] of [
    ['proxied', proxied.url],
    ['direct', direct.url],
  ] as const) {
    const app = s.app(chart);
    await applyChartApp(app, { repoURL, chart, targetRevision: '1.0.0' }, s.destNs(chart));
    await waitForApp(
      s.NS,
      app,
      `${chart}: Synced at chart 1.0.0`,
      (a) => synced(a) && a.status?.sync?.revision === '1.0.0',
      120_000,
    );
  }
  // The controller's index.yaml and chart archive fetches went through the proxy too (a tunnel each at least).
  assert.ok(viaProxy.tunnels.length >= 3, `tunnels: ${viaProxy.tunnels.join(', ')}`);
  assert.ok(
    viaProxy.tunnels.every((t) => t === host),
    `tunnels: ${viaProxy.tunnels.join(', ')}`,
  );
  assert.deepEqual(bypassed.tunnels, [], 'noProxy: the second proxy was never used');
});
