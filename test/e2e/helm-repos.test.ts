// A private Helm chart repository through the product: HTTPS with basic auth and its own CA
// (argocd-tls-certs-cm), `repo add --type helm` refusing a wrong password, and an Application whose
// targetRevision is a semver range resolving to the newest matching chart version.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { makeTestCA, startStaticHttpsServer } from './git-servers.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { randomSuffix } from './support/cluster.js';
import { synced, waitForApp } from './support/controller.js';
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

/** Packs chart `web` at each version (a ConfigMap naming its version) and writes index.yaml. */
function publishCharts(versions: string[]): void {
  const entries: string[] = [];
  for (const version of versions) {
    const dir = mkdtempSync(join(tmpdir(), 'driftless-chart-src-'));
    mkdirSync(join(dir, 'web', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'web', 'Chart.yaml'), `apiVersion: v2\nname: web\nversion: ${version}\n`);
    writeFileSync(
      join(dir, 'web', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-version}\ndata: {version: "{{ .Chart.Version }}"}\n',
    );
    const tgz = `web-${version}.tgz`;
    execFileSync('tar', ['-czf', join(root, tgz), '-C', dir, 'web']);
    rmSync(dir, { recursive: true, force: true });
    const digest = createHash('sha256')
      .update(readFileSync(join(root, tgz)))
      .digest('hex');
    entries.push(`  - {name: web, version: "${version}", urls: [${tgz}], digest: ${digest}}`);
  }
  writeFileSync(join(root, 'index.yaml'), `apiVersion: v1\nentries:\n  web:\n${entries.join('\n')}\n`);
}

before(async () => {
  publishCharts(['1.0.0', '1.2.0', '1.3.0', '2.0.0']);
  const ca = await makeTestCA();
  charts = await startStaticHttpsServer(root, { username: 'alice', password: PASSWORD }, ca);
  api = await startApi({ namespace: s.NS });
  await applyConfigMap(s.NS, 'argocd-tls-certs-cm', { '127.0.0.1': ca.caCert });
  const login = await cli(
    ['login', api.url.replace('http://', ''), '--plaintext', '--username', 'admin', '--password-stdin'],
    { input: `${api.adminPassword}\n` },
  );
  assert.equal(login.code, 0, show(login));
});

after(async () => {
  await s.teardown(api.running);
  await charts.close();
  rmSync(root, { recursive: true, force: true });
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
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: app, namespace: s.NS },
      spec: {
        project: 'default',
        source: { repoURL: charts.url, chart: 'web', targetRevision: '>=1.0.0 <2.0.0' },
        destination: { server: 'https://kubernetes.default.svc', namespace: dest },
        syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
      },
    }),
  });
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
