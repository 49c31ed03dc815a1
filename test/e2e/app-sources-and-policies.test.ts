// Applications of each source type, and the sync-policy switches: selfHeal off, prune off,
// manual sync through `operation`, and cascade / non-cascade deletion through the finalizer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { ControllerSuite } from './support/suite.js';
import { configMap as cm } from './support/manifests.js';
import { testdataDir } from '../../src/render/testing/fixture-repo.js';
import {
  applicationYaml,
  exists,
  getApp,
  healthy,
  jsonpath,
  startController,
  synced,
  waitForApp,
  type RunningController,
} from './support/controller.js';

const suite = new ControllerSuite('dl');
const { NS, repo, app, destNs, namespaces } = suite;
let running: RunningController;

before(async () => {
  cpSync(join(testdataDir(), 'kustomize'), join(repo.dir, 'kustomize'), { recursive: true });
  cpSync(join(testdataDir(), 'helm'), join(repo.dir, 'helm'), { recursive: true });
  repo
    .write({ 'manual/a.yaml': cm('a', '1'), 'manual/b.yaml': cm('b', '1'), 'cascade/c.yaml': cm('c', '1') })
    .commit('fixtures');
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running, 'staging', 'production'));

const createApp = suite.createApp.bind(suite);

test('kustomize overlays (staging, production) deploy with their images, prefixes and replicas', async () => {
  await createApp(app('web-staging'), 'kustomize/overlays/staging', 'staging', {
    automated: { prune: true },
  });
  await createApp(app('web-production'), 'kustomize/overlays/production', 'production', {
    automated: { prune: true },
  });
  const staging = await waitForApp(NS, app('web-staging'), 'Synced', synced, 90_000);
  const production = await waitForApp(NS, app('web-production'), 'Synced', synced, 90_000);
  assert.equal(staging.status?.sourceType, 'Kustomize');
  assert.deepEqual(staging.status?.summary?.images, ['example.org/web:1.1.0-rc1']);
  assert.deepEqual(production.status?.summary?.images, ['example.org/web:1.0.1']);
  assert.equal(await jsonpath(['-n', 'production', 'get', 'deployment', 'web'], '{.spec.replicas}'), '3');
  assert.ok(await exists(['-n', 'staging', 'deployment', 'staging-web']));
  await waitForApp(NS, app('web-production'), 'Healthy', healthy, 90_000);
});

test('a Helm chart with a values file deploys, running its pre-install hook', async () => {
  const dest = destNs('helm');
  await createApp(app('guestbook'), 'helm/guestbook', dest, {
    automated: { prune: true },
    extraSource: { helm: { valueFiles: ['values-production.yaml'] } },
  });
  const a = await waitForApp(
    NS,
    app('guestbook'),
    'Synced and Healthy',
    (x) => synced(x) && healthy(x),
    120_000,
  );
  assert.equal(a.status?.sourceType, 'Helm');
  const hook = a.status?.operationState?.syncResult?.resources.find((r) => r.hookType === 'PreSync');
  assert.ok(hook, 'the helm pre-install hook ran as a PreSync hook');
  const deployments = await kubectlOk([
    '-n',
    dest,
    'get',
    'deployments',
    '-o',
    'jsonpath={.items[*].spec.replicas}',
  ]);
  assert.equal(deployments.trim(), '3', 'values-production.yaml set replicaCount 3');
});

test('with selfHeal off, drift makes the app OutOfSync and it stays so until a manual sync via operation', async () => {
  const dest = destNs('manual');
  await createApp(app('manual'), 'manual', dest, { automated: { prune: false, selfHeal: false } });
  await waitForApp(NS, app('manual'), 'Synced', synced);
  await kubectlOk([
    '-n',
    dest,
    'patch',
    'configmap',
    'a',
    '--type=merge',
    '-p',
    '{"data":{"value":"drifted"}}',
  ]);
  await waitForApp(NS, app('manual'), 'OutOfSync after drift', (x) => x.status?.sync?.status === 'OutOfSync');
  const before = await getApp(NS, app('manual'));
  const opsBefore = before.status?.history?.length ?? 0;
  // It stays OutOfSync: several more reconciles (the poll interval is 2 s) do not heal it.
  const reconciles = running.stats.reconciles;
  await waitFor(async () => running.stats.reconciles >= reconciles + 3, {
    what: 'three more reconciles',
    timeoutMs: 20_000,
  });
  assert.equal(await jsonpath(['-n', dest, 'get', 'configmap', 'a'], '{.data.value}'), 'drifted');
  assert.equal((await getApp(NS, app('manual'))).status?.sync?.status, 'OutOfSync');
  // A manual sync requested the way Argo CD requests it: the operation field, via kubectl patch.
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    app('manual'),
    '--type=merge',
    '-p',
    '{"operation":{"initiatedBy":{"username":"e2e"},"sync":{"revision":"HEAD"}}}',
  ]);
  await waitFor(
    async () => (await jsonpath(['-n', dest, 'get', 'configmap', 'a'], '{.data.value}')) === '1',
    { what: 'manual sync to restore the value' },
  );
  const after = await waitForApp(NS, app('manual'), 'Synced after manual sync', synced);
  assert.equal(after.status?.operationState?.phase, 'Succeeded');
  assert.equal(after.status?.operationState?.operation.initiatedBy?.username, 'e2e');
  assert.equal(after.operation, undefined, 'the operation field is cleared when done');
  assert.equal(after.status?.history?.length, opsBefore + 1);
});

test('with prune off, a resource removed from Git shows requiresPruning and stays', async () => {
  const dest = namespaces.find('manual') ?? '';
  repo.remove('manual/b.yaml').commit('remove b');
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    app('manual'),
    'argocd.argoproj.io/refresh=hard',
    '--overwrite',
  ]);
  const a = await waitForApp(NS, app('manual'), 'b requires pruning', (x) =>
    (x.status?.resources ?? []).some((r) => r.name === 'b' && r.requiresPruning === true),
  );
  assert.equal(a.status?.sync?.status, 'OutOfSync');
  // A sync without prune leaves it in place.
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    app('manual'),
    '--type=merge',
    '-p',
    '{"operation":{"sync":{"prune":false}}}',
  ]);
  await waitForApp(
    NS,
    app('manual'),
    'operation done',
    (x) => x.operation === undefined && x.status?.operationState?.phase === 'Succeeded',
  );
  assert.ok(await exists(['-n', dest, 'configmap', 'b']));
});

test('deleting an app with the resources finalizer deletes its resources (cascade)', async () => {
  const dest = destNs('cascade');
  await createApp(app('cascade'), 'cascade', dest, {
    automated: { prune: true },
    finalizer: 'resources-finalizer.argocd.argoproj.io',
  });
  await waitForApp(NS, app('cascade'), 'Synced', synced);
  assert.ok(await exists(['-n', dest, 'configmap', 'c']));
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('cascade'), '--wait=false']);
  await waitFor(async () => !(await exists(['-n', dest, 'configmap', 'c'])), {
    what: 'configmap c deleted with its app',
  });
  await waitFor(async () => !(await exists(['-n', NS, 'applications.argoproj.io', app('cascade')])), {
    what: 'the app itself gone',
  });
});

test('deleting an app without the finalizer leaves its resources (non-cascade)', async () => {
  const dest = destNs('keep');
  await createApp(app('keep'), 'cascade', dest, { automated: { prune: true } });
  await waitForApp(NS, app('keep'), 'Synced', synced);
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('keep')]);
  await waitFor(async () => !(await exists(['-n', NS, 'applications.argoproj.io', app('keep')])), {
    what: 'the app gone',
  });
  assert.ok(await exists(['-n', dest, 'configmap', 'c']), 'resources stay');
});

test('a resource another app already tracks is reported (SharedResourceWarning), not stolen', async () => {
  const dest = destNs('shared');
  repo.write({ 'shared/cm.yaml': cm('owned', 'first') }).commit('shared fixture');
  await createApp(app('owner'), 'shared', dest, { automated: { prune: true } });
  await waitForApp(NS, app('owner'), 'Synced', synced);
  await createApp(app('intruder'), 'shared', dest, { automated: { prune: true } });
  const intruder = await waitForApp(NS, app('intruder'), 'SharedResourceWarning', (x) =>
    (x.status?.conditions ?? []).some((c) => c.type === 'SharedResourceWarning'),
  );
  assert.match(
    intruder.status?.conditions?.find((c) => c.type === 'SharedResourceWarning')?.message ?? '',
    /owner/,
  );
  const tracking = await jsonpath(
    ['-n', dest, 'get', 'configmap', 'owned'],
    "{.metadata.annotations['argocd\\.argoproj\\.io/tracking-id']}",
  );
  assert.ok(tracking.startsWith(`${app('owner')}:`), `still tracked by its owner: ${tracking}`);
  // With FailOnSharedResource=true a sync fails and says why.
  await waitForApp(
    NS,
    app('intruder'),
    'its automated sync done',
    (x) => x.operation === undefined && x.status?.operationState?.phase === 'Succeeded',
  );
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    app('intruder'),
    '--type=merge',
    '-p',
    JSON.stringify({ operation: { sync: { syncOptions: ['FailOnSharedResource=true'] } } }),
  ]);
  const failed = await waitForApp(
    NS,
    app('intruder'),
    'sync failed',
    (x) => x.operation === undefined && x.status?.operationState?.phase === 'Failed',
  );
  assert.match(failed.status?.operationState?.message ?? '', /FailOnSharedResource/);
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('intruder')]);
});

test('a resource with Delete=false stays when its app is deleted with cascade', async () => {
  const dest = destNs('keepres');
  repo
    .write({
      'keepres/gone.yaml': cm('gone', '1'),
      'keepres/kept.yaml': cm('kept', '1', { 'argocd.argoproj.io/sync-options': 'Delete=false' }),
    })
    .commit('Delete=false fixture');
  await createApp(app('keepres'), 'keepres', dest, {
    automated: { prune: true },
    finalizer: 'resources-finalizer.argocd.argoproj.io',
  });
  await waitForApp(NS, app('keepres'), 'Synced', synced);
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('keepres'), '--wait=false']);
  await waitFor(async () => !(await exists(['-n', NS, 'applications.argoproj.io', app('keepres')])), {
    what: 'the app gone',
  });
  assert.equal(await exists(['-n', dest, 'configmap', 'gone']), false);
  assert.ok(await exists(['-n', dest, 'configmap', 'kept']), 'Delete=false kept it');
});

test('two installations with apps of the same name never claim each other resources (installation ID)', async () => {
  // A second controller, its own control namespace and installation ID, with an app named like ours.
  const otherNs = `dl2-${randomSuffix()}`;
  const other = await startController({ namespace: otherNs, installationID: 'second' });
  try {
    const mine = destNs('twin-a');
    const theirs = destNs('twin-b');
    repo.write({ 'twin-a/cm.yaml': cm('a-only', '1'), 'twin-b/cm.yaml': cm('b-only', '1') }).commit('twins');
    const twin = app('twin');
    await createApp(twin, 'twin-a', mine, { automated: { prune: true } });
    await kubectlOk(['apply', '-f', '-'], {
      input: applicationYaml({
        name: twin,
        namespace: otherNs,
        repoURL: repo.url,
        path: 'twin-b',
        destNamespace: theirs,
        automated: { prune: true },
      }),
    });
    await waitForApp(NS, twin, 'first installation synced', synced);
    await waitForApp(otherNs, twin, 'second installation synced', synced);
    assert.equal(
      await jsonpath(
        ['-n', theirs, 'get', 'configmap', 'b-only'],
        "{.metadata.annotations['argocd\\.argoproj\\.io/installation-id']}",
      ),
      'second',
    );
    // Several more reconciles of both: neither prunes the other's ConfigMap, each lists only its own.
    const base = running.stats.reconciles;
    await waitFor(async () => running.stats.reconciles >= base + 3, { what: 'more reconciles' });
    assert.ok(await exists(['-n', mine, 'configmap', 'a-only']));
    assert.ok(await exists(['-n', theirs, 'configmap', 'b-only']));
    const a = await getApp(NS, twin);
    const b = await getApp(otherNs, twin);
    assert.deepEqual(
      a.status?.resources?.map((r) => r.name),
      ['a-only'],
    );
    assert.deepEqual(
      b.status?.resources?.map((r) => r.name),
      ['b-only'],
    );
    assert.equal(a.status?.sync?.status, 'Synced');
  } finally {
    await kubectl(['-n', otherNs, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
    await other.stop();
    await kubectl(['delete', 'namespace', otherNs, '--wait=false']);
  }
});
