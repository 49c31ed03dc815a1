// Several clusters: a hub running Driftless (the shared e2e cluster) and two spoke control planes started
// here. `driftless cluster add` both (one through an exec-plugin kubeconfig), an app on each syncs; stopping
// one spoke's API server makes its app Unknown with a condition while the other spoke's app syncs a commit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import { randomSuffix } from './support/cluster.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { getApp, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { execKubeconfig, removeSpoke, startSpoke, stopSpokeApiserver, type Spoke } from './support/spokes.js';
import { startApi, type RunningApi } from './api-support.js';

const NS = `fleet-e2e-${randomSuffix()}`;
const run = randomSuffix(4);
const dest = `fleet-dest-${run}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-fleet-e2e-'));
const scratch = mkdtempSync(join(tmpdir(), 'driftless-fleet-exec-'));
const repo = new TestRepo();
const cli = cliRunner(xdg);
let api: RunningApi;
let staging: Spoke;
let production: Spoke;

const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const ok = async (args: string[]): Promise<CliRun> => {
  const r = await cli(args);
  assert.equal(r.code, 0, `driftless ${args.join(' ')}\n${show(r)}`);
  return r;
};
const configMap = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fleet-settings\ndata:\n  value: "${value}"\n`;
const spokeValue = async (spoke: Spoke): Promise<string | undefined> => {
  const r = await kubectl(
    ['-n', dest, 'get', 'configmap', 'fleet-settings', '-o', 'jsonpath={.data.value}'],
    {
      kubeconfig: spoke.kubeconfig,
    },
  );
  return r.code === 0 ? r.stdout : undefined;
};
const healthySynced = (a: Application) =>
  a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy';

before(async () => {
  repo.write({ 'app/settings.yaml': configMap('one') });
  repo.commit('one');
  [staging, production] = await Promise.all([startSpoke(`stg-${run}`), startSpoke(`prd-${run}`)]);
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  const login = await cli(
    ['login', api.url.replace('http://', ''), '--plaintext', '--username', 'admin', '--password-stdin'],
    { input: `${api.adminPassword}\n` },
  );
  assert.equal(login.code, 0, show(login));
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await api.stop();
  await Promise.all([removeSpoke(staging), removeSpoke(production)]);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

test('cluster add writes Argo CD cluster Secrets for both spokes (one through an exec credential plugin)', async () => {
  await ok(['cluster', 'add', staging.name, '--kubeconfig', staging.kubeconfig, '--label', 'env=staging']);
  const exec = execKubeconfig(production, scratch);
  await ok([
    'cluster',
    'add',
    exec.context,
    '--kubeconfig',
    exec.path,
    '--name',
    'production',
    '--label',
    'env=production',
    '--annotation',
    'team=platform',
  ]);
  // The plugin ran with KUBERNETES_EXEC_INFO (an ExecCredential request) and its credential was used.
  assert.match(readFileSync(exec.calls, 'utf8'), /^ExecCredential$/m);

  // Argo CD's storage: a labelled Secret in the control namespace holding server, name and config JSON.
  const secrets = JSON.parse(
    await kubectlOk([
      '-n',
      NS,
      'get',
      'secrets',
      '-l',
      'argocd.argoproj.io/secret-type=cluster',
      '-o',
      'json',
    ]),
  ) as { items: { metadata: { labels: Record<string, string> }; data: Record<string, string> }[] };
  const byName = new Map(
    secrets.items.map((s) => [Buffer.from(s.data['name'] ?? '', 'base64').toString(), s] as const),
  );
  const prod = byName.get('production');
  assert.ok(prod && byName.get(staging.name), `cluster Secrets: ${[...byName.keys()].join(', ')}`);
  assert.equal(prod.metadata.labels['env'], 'production');
  assert.equal(Buffer.from(prod.data['server'] ?? '', 'base64').toString(), production.server);
  const config = JSON.parse(Buffer.from(prod.data['config'] ?? '', 'base64').toString()) as {
    bearerToken?: string;
    tlsClientConfig?: { caData?: string };
  };
  assert.ok(config.bearerToken && config.tlsClientConfig?.caData, 'a token and the CA are stored');
  // ...for the argocd-manager ServiceAccount created in the spoke.
  await kubectlOk(['-n', 'kube-system', 'get', 'serviceaccount', 'argocd-manager'], {
    kubeconfig: production.kubeconfig,
  });

  const list = await ok(['cluster', 'list', '-o', 'json']);
  const clusters = JSON.parse(list.stdout) as {
    name: string;
    server: string;
    labels?: Record<string, string>;
  }[];
  assert.deepEqual(
    clusters.map((c) => [c.name, c.labels?.['env'] ?? '']).sort(),
    [
      ['in-cluster', ''],
      ['production', 'production'],
      [staging.name, 'staging'],
    ].sort(),
  );
  const table = await ok(['cluster', 'list']);
  assert.match(table.stdout, /SERVER\s+NAME\s+VERSION\s+STATUS/);
  // Adding again without --upsert is refused (exit 1, a hint); an unknown flag is a usage error (exit 2).
  const again = await cli(['cluster', 'add', staging.name, '--kubeconfig', staging.kubeconfig]);
  assert.equal(again.code, 1, show(again));
  assert.match(again.stderr, /already exists[\s\S]*--upsert/);
  assert.equal((await cli(['cluster', 'add', '--bogus'])).code, 2);
  const badLabel = await cli(['cluster', 'add', staging.name, '--label', 'no-equals']);
  assert.equal(badLabel.code, 2, show(badLabel));
  assert.match(badLabel.stderr, /--label no-equals: expected key=value/);
});

test('an app on each spoke syncs there; apps count and connection state show per cluster', async () => {
  for (const [name, dst] of [
    [`stg-app-${run}`, ['--dest-server', staging.server]],
    [`prd-app-${run}`, ['--dest-name', 'production']],
  ] as const) {
    await ok([
      'app',
      'create',
      name,
      '--repo',
      repo.url,
      '--path',
      'app',
      ...dst,
      '--dest-namespace',
      dest,
      '--sync-policy',
      'automated',
      '--sync-option',
      'CreateNamespace=true',
    ]);
  }
  await waitForApp(NS, `stg-app-${run}`, 'Synced+Healthy on staging', healthySynced, 120_000);
  await waitForApp(NS, `prd-app-${run}`, 'Synced+Healthy on production', healthySynced, 120_000);
  assert.equal(await spokeValue(staging), 'one');
  assert.equal(await spokeValue(production), 'one');
  // Nothing of it landed on the hub.
  assert.notEqual((await kubectl(['get', 'namespace', dest])).code, 0);

  const got = await ok(['cluster', 'get', 'production', '-o', 'json']);
  const prod = JSON.parse(got.stdout) as {
    info: {
      applicationsCount: number;
      connectionState: { status: string };
      cacheInfo: { resourcesCount: number };
    };
    config: Record<string, unknown>;
  };
  assert.equal(prod.info.applicationsCount, 1);
  assert.equal(prod.info.connectionState.status, 'Successful');
  assert.ok(prod.info.cacheInfo.resourcesCount > 0);
  assert.ok(!JSON.stringify(prod).includes('bearerToken'), 'no credentials in the API');
});

test('a stopped spoke makes its app Unknown with a condition; the other spoke still syncs a new commit', async () => {
  await stopSpokeApiserver(staging);
  const stg = await waitForApp(
    NS,
    `stg-app-${run}`,
    'Unknown with a cluster condition',
    (a) =>
      a.status?.sync?.status === 'Unknown' &&
      a.status.health?.status === 'Unknown' &&
      (a.status.conditions ?? []).some((c) => c.message.includes(staging.server)),
    90_000,
  );
  assert.ok(stg.status?.conditions?.some((c) => c.type === 'ComparisonError'));

  repo.write({ 'app/settings.yaml': configMap('two') });
  const sha = repo.commit('two');
  const t0 = Date.now();
  await waitForApp(
    NS,
    `prd-app-${run}`,
    'synced at the new commit',
    (a) => a.status?.sync?.revision === sha && healthySynced(a),
    60_000,
  );
  assert.equal(await spokeValue(production), 'two');
  const latencyMs = Date.now() - t0;
  assert.ok(latencyMs < 60_000, `commit applied on production in ${latencyMs} ms`);
  // The stopped spoke's app is still Unknown, and the cluster reads as failed.
  assert.equal((await getApp(NS, `stg-app-${run}`)).status?.sync?.status, 'Unknown');
  const list = JSON.parse((await ok(['cluster', 'list', '-o', 'json'])).stdout) as {
    name: string;
    info: { connectionState: { status: string; message: string } };
  }[];
  const stgState = list.find((c) => c.name === staging.name)?.info.connectionState;
  assert.equal(stgState?.status, 'Failed', JSON.stringify(stgState));
  // Argo CD's cluster metrics say the same.
  const metrics = await (await fetch(`${api.url}/metrics`)).text();
  const status = (server: string) =>
    metrics.match(
      new RegExp(`^argocd_cluster_connection_status\\{[^}]*server="${server}"\\} (\\d)$`, 'm'),
    )?.[1];
  assert.equal(status(staging.server), '0');
  assert.equal(status(production.server), '1');
  assert.match(metrics, new RegExp(`^argocd_cluster_info\\{[^}]*name="production"`, 'm'));
});
