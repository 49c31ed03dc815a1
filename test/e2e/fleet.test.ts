// Several clusters: a hub running Driftless (the shared e2e cluster) and two spoke control planes started
// here. `driftless cluster add` both (one through an exec-plugin kubeconfig), an app on each syncs; stopping
// one spoke's API server makes its app Unknown with a condition while the other spoke's app syncs a commit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import { appendContainerLog, randomSuffix, waitFor } from './support/cluster.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { getApp, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { execKubeconfig, removeSpoke, startSpoke, stopSpokeApiserver, type Spoke } from './support/spokes.js';
import { deploymentYaml, startApi, type RunningApi } from './api-support.js';
import { ApiClient } from '../../src/server/api-client.js';
import type { ApplicationSet } from '../../src/model/index.js';
import { startServerProcess } from './support/server-process.js';
import { githubPush, sendGithubPush } from './support/webhook.js';

const NS = `fleet-e2e-${randomSuffix()}`;
const run = randomSuffix(4);
const dest = `fleet-dest-${run}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-fleet-e2e-'));
const scratch = mkdtempSync(join(tmpdir(), 'driftless-fleet-exec-'));
const setDest = `fleet-set-${run}`;
const repo = new TestRepo();
/** What the ApplicationSet's git generator reads (one directory per component); the apps render from `repo`. */
const catalog = new TestRepo();
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
const configMapNamed = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
const configMap = (value: string) => configMapNamed('fleet-settings', value);
const spokeValue = async (spoke: Spoke): Promise<string | undefined> => {
  const r = await kubectl(
    ['-n', dest, 'get', 'configmap', 'fleet-settings', '-o', 'jsonpath={.data.value}'],
    {
      kubeconfig: spoke.kubeconfig,
    },
  );
  return r.code === 0 ? r.stdout : undefined;
};
/** What the test reads of Argo CD's Cluster as the API returns it. */
interface ClusterView {
  name: string;
  serverVersion: string;
  connectionState: { status: string };
  info: { applicationsCount: number };
}
const healthySynced = (a: Application) =>
  a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy';

before(async () => {
  repo.write({
    'app/settings.yaml': configMap('one'),
    'web/deployment.yaml': deploymentYaml('fleet-web', 1),
    ...Object.fromEntries(
      ['alpha', 'beta', 'gamma'].map((c) => [`fleet/${c}/cm.yaml`, configMapNamed(c, 'v1')] as const),
    ),
  });
  repo.commit('one');
  catalog.write({ 'fleet/alpha/README.md': 'alpha\n', 'fleet/beta/README.md': 'beta\n' });
  catalog.commit('alpha and beta');
  [staging, production] = await Promise.all([startSpoke(`stg-${run}`), startSpoke(`prd-${run}`)]);
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  await api.admin.login('admin', api.adminPassword);
  await loginAdmin(cli, api.url, api.adminPassword);
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applicationsets.argoproj.io', '--all', '--wait=false']);
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await api.stop();
  await Promise.all([removeSpoke(staging), removeSpoke(production)]);
  repo.cleanup();
  catalog.cleanup();
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

test('the live manifest of an object on a spoke comes from that cluster', async () => {
  const res = await api.admin.request<{ manifest: string }>(
    'GET',
    `/api/v1/applications/prd-app-${run}/resource`,
    {
      query: { resourceName: 'fleet-settings', kind: 'ConfigMap', namespace: dest, version: 'v1' },
    },
  );
  const manifest = JSON.parse(res.manifest) as { metadata: { namespace: string }; data: { value: string } };
  assert.equal(manifest.metadata.namespace, dest);
  assert.equal(manifest.data.value, 'one');
});

test('logs, actions, patch and delete of an object on a spoke go through that spoke', async () => {
  const app = `prd-web-${run}`;
  await ok(
    ['app', 'create', app, '--repo', repo.url, '--path', 'web', '--dest-name', 'production'].concat([
      '--dest-namespace',
      dest,
      '--sync-policy',
      'automated',
      '--sync-option',
      'CreateNamespace=true',
    ]),
  );
  await waitForApp(NS, app, 'Synced+Healthy on production', healthySynced, 120_000);
  const onSpoke = async (path: string) =>
    (
      await kubectl(['-n', dest, 'get', 'deployment', 'fleet-web', '-o', `jsonpath={${path}}`], {
        kubeconfig: production.kubeconfig,
      })
    ).stdout;
  const deploy = ['--kind', 'Deployment', '--group', 'apps'];
  // The hub has no such Deployment (nor the namespace): each answer below can only come from the spoke.
  const line = `from the production spoke ${run}`;
  appendContainerLog([line], production.kubeconfig);
  const logs = await ok(['app', 'logs', app, ...deploy, '--name', 'fleet-web']);
  assert.match(logs.stdout, new RegExp(line));
  await ok(['app', 'actions', 'run', app, 'restart', ...deploy, '--resource-name', 'fleet-web']);
  assert.match(
    await onSpoke(".spec.template.metadata.annotations['kubectl\\.kubernetes\\.io/restartedAt']"),
    /^\d{4}-/,
  );
  const patch = '{"metadata":{"labels":{"patched":"yes"}}}';
  await ok(['app', 'patch-resource', app, ...deploy, '--resource-name', 'fleet-web', '--patch', patch]);
  assert.equal(await onSpoke('.metadata.labels.patched'), 'yes');
  await ok(['app', 'delete-resource', app, ...deploy, '--resource-name', 'fleet-web', '--force']);
  await waitFor(
    async () =>
      (await kubectl(['-n', dest, 'get', 'deployment', 'fleet-web'], { kubeconfig: production.kubeconfig }))
        .code !== 0,
    { what: 'deployment fleet-web gone from the production spoke', timeoutMs: 30_000 },
  );
});

test('an API-only replica (--component=server) shows the spokes connected, from its own probe', async () => {
  const replica = await startServerProcess({
    namespace: NS,
    extraArgs: ['--component=server', '--insecure'],
  });
  try {
    const client = new ApiClient(replica.url);
    await client.login('admin', api.adminPassword);
    let last = '';
    await waitFor(
      async () => {
        const { items } = await client.request<{ items: ClusterView[] }>('GET', '/api/v1/clusters');
        last = JSON.stringify(items.map((c) => [c.name, c.connectionState.status, c.serverVersion]));
        return [staging.name, 'production'].every((n) => {
          const c = items.find((x) => x.name === n);
          return c?.connectionState.status === 'Successful' && c.serverVersion.startsWith('v');
        });
      },
      { what: `both spokes Successful on the API-only replica (last: ${last})`, timeoutMs: 60_000 },
    );
    const prod = await client.request<ClusterView>('GET', '/api/v1/clusters/production', {
      query: { 'id.type': 'name' },
    });
    // prd-app and prd-web.
    assert.equal(prod.info.applicationsCount, 2);
  } finally {
    await replica.stop();
  }
});

const fleetApps = (set: string) =>
  api.admin
    .listApplications()
    .then((l) => l.items.filter((a) => a.metadata.ownerReferences?.some((r) => r.name === set)));

test('ApplicationSet: clusters × git directories (matrix), RollingSync updates staging one app at a time, then production', async () => {
  const set = `fleet-set-${run}`;
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: set, namespace: NS },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        // No resources finalizer: the staging spoke is stopped later, and its apps must still go at cleanup.
        syncPolicy: { preserveResourcesOnDeletion: true },
        generators: [
          {
            matrix: {
              generators: [
                {
                  clusters: {
                    selector: {
                      matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'production'] }],
                    },
                  },
                },
                { git: { repoURL: catalog.url, revision: 'HEAD', directories: [{ path: 'fleet/*' }] } },
              ],
            },
          },
        ],
        strategy: {
          type: 'RollingSync',
          rollingSync: {
            steps: [
              { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }], maxUpdate: 1 },
              { matchExpressions: [{ key: 'env', operator: 'In', values: ['production'] }] },
            ],
          },
        },
        template: {
          metadata: {
            name: `{{ .nameNormalized }}-{{ .path.basename }}-${run}`,
            labels: { env: '{{ index .metadata.labels "env" }}' },
          },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: 'HEAD', path: '{{ .path.path }}' },
            destination: { server: '{{ .server }}', namespace: setDest },
            syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    }),
  });
  const want = [`${staging.name}-alpha`, `${staging.name}-beta`, 'production-alpha', 'production-beta'];
  let apps: Application[] = [];
  await waitFor(
    async () => {
      apps = await fleetApps(set);
      return apps.length === want.length && apps.every(healthySynced);
    },
    {
      what: `4 generated apps Synced+Healthy (${apps.map((a) => `${a.metadata.name}:${a.status?.sync?.status}`).join(', ')})`,
      timeoutMs: 240_000,
    },
  );
  assert.deepEqual(apps.map((a) => a.metadata.name).sort(), want.map((n) => `${n}-${run}`).sort());
  // RollingSync turns auto-sync off in the generated apps: the rollout starts each sync.
  assert.ok(apps.every((a) => !a.spec.syncPolicy?.automated));
  const op = (env: string) =>
    apps
      .filter((a) => a.metadata.labels?.['env'] === env)
      .map((a) => ({
        started: Date.parse(a.status?.operationState?.startedAt ?? ''),
        finished: Date.parse(a.status?.operationState?.finishedAt ?? ''),
      }))
      .sort((a, b) => a.started - b.started);
  const [s1, s2] = op('staging');
  const prod = op('production');
  assert.ok(s1 && s2 && prod.length === 2, JSON.stringify({ s1, s2, prod }));
  assert.ok(
    s2.started >= s1.finished,
    `maxUpdate 1: the second staging app started after the first finished`,
  );
  for (const p of prod)
    assert.ok(
      p.started >= s2.finished,
      `production started ${p.started} before staging finished ${s2.finished}`,
    );
  // The rollout's record on the ApplicationSet catches up with the apps on its next reconcile.
  const steps = async () =>
    (
      (await kubectlJson<ApplicationSet>(['-n', NS, 'get', 'applicationsets.argoproj.io', set])).status
        ?.applicationStatus ?? []
    )
      .map((s) => [s.application.startsWith('production') ? 'prd' : 'stg', s.step, s.status].join(' '))
      .sort();
  let last: string[] = [];
  await waitFor(
    async () => {
      last = await steps();
      return last.join(',') === 'prd 2 Healthy,prd 2 Healthy,stg 1 Healthy,stg 1 Healthy';
    },
    {
      what: `applicationStatus: steps 1 (staging) and 2 (production) Healthy (${last.join(', ')})`,
      timeoutMs: 60_000,
    },
  );
  const onSpoke = await kubectlOk(['-n', setDest, 'get', 'configmaps', '-o', 'name'], {
    kubeconfig: production.kubeconfig,
  });
  assert.match(onSpoke, /configmap\/alpha[\s\S]*configmap\/beta/);
});

test('ApplicationSet: a push webhook for the catalog repository makes the new directory’s apps appear at once', async () => {
  const set = `fleet-set-${run}`;
  catalog.write({ 'fleet/gamma/README.md': 'gamma\n' });
  const sha = catalog.commit('gamma');
  // The ApplicationSet just finished its rollout; its next timed requeue is 180 s away and no app of it
  // changes (they render from the other repository): apps for gamma within the deadline come from the push.
  const res = await sendGithubPush(api.url, githubPush(catalog.url, 'main', sha));
  assert.equal(res.status, 200, await res.text());
  let names: string[] = [];
  await waitFor(
    async () => {
      names = (await fleetApps(set)).map((a) => a.metadata.name);
      return names.filter((n) => n.includes('-gamma-')).length === 2;
    },
    { what: `the gamma apps of ${set} (have ${names.join(', ')})`, timeoutMs: 90_000 },
  );
});

test('ApplicationSet clusters generator env=production: one app on production; relabelling staging adds its app; removing the label deletes it, keeping its resources', async () => {
  const set = `platform-${run}`;
  const ns = `fleet-sel-${run}`;
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: set, namespace: NS },
      spec: {
        syncPolicy: { preserveResourcesOnDeletion: true },
        generators: [{ clusters: { selector: { matchLabels: { env: 'production' } } } }],
        template: {
          metadata: { name: `{{name}}-platform-api-${run}` },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'app' },
            destination: { server: '{{server}}', namespace: ns },
            syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    }),
  });
  const want = async (names: string[]) => {
    let have: string[] = [];
    await waitFor(
      async () => {
        const apps = (await fleetApps(set)).filter((a) => !a.metadata.deletionTimestamp);
        have = apps.map((a) => a.metadata.name).sort();
        return (
          have.join() ===
            names
              .map((n) => `${n}-platform-api-${run}`)
              .sort()
              .join() && apps.every(healthySynced)
        );
      },
      {
        what: `${set} to own exactly ${names.join(', ')}, Synced+Healthy (has ${have.join(', ')})`,
        timeoutMs: 120_000,
      },
    );
  };
  await want(['production']);
  await ok(['cluster', 'set', staging.name, '--label', 'env=production']);
  await want(['production', staging.name]);
  const onStaging = ['-n', ns, 'get', 'configmap', 'fleet-settings'];
  await kubectlOk(onStaging, { kubeconfig: staging.kubeconfig });
  // Remove the label from the staging cluster's Secret, as a declarative user would.
  const secrets = await kubectlJson<{
    items: { metadata: { name: string }; data: Record<string, string> }[];
  }>(['-n', NS, 'get', 'secrets', '-l', 'argocd.argoproj.io/secret-type=cluster']);
  const stgSecret = secrets.items.find(
    (s) => Buffer.from(s.data['name'] ?? '', 'base64').toString() === staging.name,
  );
  assert.ok(stgSecret, 'the staging cluster Secret');
  await kubectlOk(['-n', NS, 'label', 'secret', stgSecret.metadata.name, 'env-']);
  await want(['production']);
  await waitFor(async () => (await fleetApps(set)).length === 1, {
    what: 'the staging app deleted',
    timeoutMs: 60_000,
  });
  // preserveResourcesOnDeletion: its ConfigMap is still on the staging spoke.
  await kubectlOk(onStaging, { kubeconfig: staging.kubeconfig });
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
