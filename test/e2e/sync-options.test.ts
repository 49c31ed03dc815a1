// Sync options and app-level policies on a real cluster: ApplyOutOfSyncOnly, PruneLast, Prune/Delete
// confirm, Replace/Force, Validate, dry-run skips, propagation, RespectIgnoreDifferences, namespace
// metadata, IgnoreExtraneous, PostDelete hooks, retries and skip-reconcile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectlJson, kubectlOk } from './support/kubectl.js';
import { ControllerSuite, operationDone } from './support/suite.js';
import { widgetCrd } from './support/fixtures.js';
import { annotationsYaml, configMap as cm, deployment, job } from './support/manifests.js';
import {
  exists,
  getApp,
  healthy,
  patchApp as patchAppIn,
  startController,
  synced,
  waitForApp,
} from './support/controller.js';
import type { RunningController } from './support/controller.js';
import type { Application, KubeObject } from '../../src/model/index.js';

const suite = new ControllerSuite('so');
const { NS, repo, app, destNs } = suite;
let running: RunningController;
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const POST_DELETE_FINALIZER = 'post-delete-finalizer.argocd.argoproj.io';

before(async () => {
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

interface AppOpts {
  automated?: { prune?: boolean; selfHeal?: boolean };
  syncOptions?: string[];
  finalizers?: string[];
  syncPolicy?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}
async function createApp(name: string, path: string, dest: string, o: AppOpts = {}): Promise<void> {
  const doc = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: NS, ...(o.finalizers ? { finalizers: o.finalizers } : {}) },
    spec: {
      project: 'default',
      source: { repoURL: repo.url, targetRevision: 'HEAD', path },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: {
        ...(o.automated ? { automated: o.automated } : {}),
        syncOptions: o.syncOptions ?? ['CreateNamespace=true'],
        ...o.syncPolicy,
      },
      ...o.spec,
    },
  };
  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(doc) });
}
const patchApp = (name: string, patch: Record<string, unknown>) => patchAppIn(NS, name, patch);
/** Requests a manual sync and waits until that operation (not an earlier one) has finished. */
async function syncAndWait(name: string, sync: Record<string, unknown> = {}, timeoutMs = 90_000) {
  const before = (await getApp(NS, name)).status?.operationState?.startedAt;
  await patchApp(name, { operation: { initiatedBy: { username: 'e2e' }, sync } });
  return waitForApp(
    NS,
    name,
    'the requested operation finished',
    (a) => opDone(a) && a.status?.operationState?.startedAt !== before,
    timeoutMs,
  );
}
const opDone = operationDone;
const succeeded = (a: Application) => opDone(a) && a.status?.operationState?.phase === 'Succeeded';
const results = (a: Application) => a.status?.operationState?.syncResult?.resources ?? [];
interface LiveObject {
  data?: Record<string, string>;
  spec?: unknown;
  status?: unknown;
  metadata: KubeObject['metadata'];
}
const get = (ns: string, kind: string, name: string) =>
  kubectlJson<LiveObject>(['-n', ns, 'get', kind, name]);
const gone = async (ns: string, kind: string, name: string) => !(await exists(['-n', ns, kind, name]));

test('ApplyOutOfSyncOnly=true applies only the resource that changed', async () => {
  const dest = destNs('oos');
  repo.write({ 'oos/a.yaml': cm('a', '1'), 'oos/b.yaml': cm('b', '1') }).commit('oos fixtures');
  await createApp(app('oos'), 'oos', dest, {
    syncOptions: ['CreateNamespace=true', 'ApplyOutOfSyncOnly=true'],
  });
  const first = await syncAndWait(app('oos'));
  assert.equal(first.status?.operationState?.phase, 'Succeeded');
  const a = await get(dest, 'configmap', 'a');
  repo.write({ 'oos/b.yaml': cm('b', '2') }).commit('change b');
  const second = await syncAndWait(app('oos'));
  assert.equal(second.status?.operationState?.phase, 'Succeeded', second.status?.operationState?.message);
  const applied = results(second)
    .filter((r) => r.kind === 'ConfigMap')
    .map((r) => r.name);
  assert.deepEqual(applied, ['b']);
  assert.equal(
    (await get(dest, 'configmap', 'a')).metadata.resourceVersion,
    a.metadata.resourceVersion,
    'a untouched',
  );
  assert.equal((await get(dest, 'configmap', 'b')).data?.value, '2');
});

test('PruneLast=true prunes after the PostSync hooks', async () => {
  const dest = destNs('plast');
  repo
    .write({
      'plast/keep.yaml': cm('keep', '1'),
      'plast/old.yaml': cm('old', '1', { 'argocd.argoproj.io/sync-options': 'PruneLast=true' }),
      'plast/early.yaml': cm('early', '1'),
      'plast/post.yaml': job('post', { 'argocd.argoproj.io/hook': 'PostSync' }),
    })
    .commit('prune-last fixtures');
  await createApp(app('plast'), 'plast', dest, { automated: { prune: true } });
  await waitForApp(NS, app('plast'), 'first sync', (a) => succeeded(a) && synced(a), 90_000);
  repo.remove('plast/old.yaml', 'plast/early.yaml').write({ 'plast/keep.yaml': cm('keep', '2') });
  const head = repo.commit('remove old and early');
  const a = await waitForApp(
    NS,
    app('plast'),
    'synced to the removal',
    (x) => succeeded(x) && x.status?.operationState?.syncResult?.revision === head,
    90_000,
  );
  const order = results(a).map((r) => `${r.status}:${r.kind}/${r.name}`);
  const at = (s: string) => order.indexOf(s);
  assert.ok(at('Pruned:ConfigMap/early') >= 0 && at('Pruned:ConfigMap/old') >= 0, order.join(', '));
  assert.ok(at('Pruned:ConfigMap/early') < at('Synced:Job/post'), `plain prune in Sync: ${order.join(', ')}`);
  assert.ok(
    at('Synced:Job/post') < at('Pruned:ConfigMap/old'),
    `PruneLast after PostSync: ${order.join(', ')}`,
  );
  assert.ok(await gone(dest, 'configmap', 'old'));
});

test('Prune=false is PruneSkipped and stays; Prune=confirm waits for deletion-approved', async () => {
  const dest = destNs('pcfm');
  repo
    .write({
      'pcfm/keep.yaml': cm('keep', '1'),
      'pcfm/noprune.yaml': cm('noprune', '1', { 'argocd.argoproj.io/sync-options': 'Prune=false' }),
      'pcfm/confirm.yaml': cm('confirm', '1', { 'argocd.argoproj.io/sync-options': 'Prune=confirm' }),
      'pcfm/post.yaml': job('post', { 'argocd.argoproj.io/hook': 'PostSync' }),
    })
    .commit('prune confirm fixtures');
  await createApp(app('pcfm'), 'pcfm', dest, { automated: { prune: true } });
  await waitForApp(NS, app('pcfm'), 'first sync', (a) => succeeded(a) && synced(a), 90_000);
  repo.remove('pcfm/noprune.yaml', 'pcfm/confirm.yaml').commit('remove both');
  const waiting = await waitForApp(NS, app('pcfm'), 'waiting for confirmation', (a) =>
    /waiting for pruning confirmation/.test(a.status?.operationState?.message ?? ''),
  );
  assert.equal(waiting.status?.operationState?.phase, 'Running');
  const skipped = results(waiting).filter((r) => r.status === 'PruneSkipped');
  assert.match(skipped.find((r) => r.name === 'noprune')?.message ?? '', /Prune=false/);
  assert.match(skipped.find((r) => r.name === 'confirm')?.message ?? '', /confirmation/);
  assert.ok(await exists(['-n', dest, 'configmap', 'confirm']), 'not pruned before approval');
  // While it waits, the operation is retried each poll, but hooks and applies are not repeated.
  const hookUid = await kubectlOk(['-n', dest, 'get', 'job', 'post', '-o', 'jsonpath={.metadata.uid}']);
  const reconciles = running.stats.reconciles;
  await waitFor(async () => running.stats.reconciles >= reconciles + 3, {
    what: 'three more reconciles',
  });
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'job', 'post', '-o', 'jsonpath={.metadata.uid}']),
    hookUid,
    'the PostSync hook did not run again',
  );
  await patchApp(app('pcfm'), {
    metadata: { annotations: { 'argocd.argoproj.io/deletion-approved': new Date().toISOString() } },
  });
  const done = await waitForApp(NS, app('pcfm'), 'pruned after approval', succeeded, 60_000);
  assert.ok(results(done).some((r) => r.name === 'confirm' && r.status === 'Pruned'));
  assert.ok(await gone(dest, 'configmap', 'confirm'));
  assert.ok(await exists(['-n', dest, 'configmap', 'noprune']), 'Prune=false stays');
});

test('Delete=confirm: cascade deletion waits for deletion-approved', async () => {
  const dest = destNs('dcfm');
  repo
    .write({
      'dcfm/plain.yaml': cm('plain', '1'),
      'dcfm/guarded.yaml': cm('guarded', '1', { 'argocd.argoproj.io/sync-options': 'Delete=confirm' }),
    })
    .commit('delete confirm fixtures');
  await createApp(app('dcfm'), 'dcfm', dest, {
    automated: { prune: true },
    finalizers: [RESOURCES_FINALIZER],
  });
  await waitForApp(NS, app('dcfm'), 'synced', (a) => succeeded(a) && synced(a), 90_000);
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('dcfm'), '--wait=false']);
  await waitFor(() => gone(dest, 'configmap', 'plain'), { what: 'plain deleted', timeoutMs: 60_000 });
  assert.ok(await exists(['-n', dest, 'configmap', 'guarded']), 'Delete=confirm waits');
  assert.ok(await exists(['-n', NS, 'applications.argoproj.io', app('dcfm')]), 'the app waits too');
  await patchApp(app('dcfm'), {
    metadata: { annotations: { 'argocd.argoproj.io/deletion-approved': new Date().toISOString() } },
  });
  await waitFor(() => gone(dest, 'configmap', 'guarded'), { what: 'guarded deleted', timeoutMs: 60_000 });
  await waitFor(() => gone(NS, 'applications.argoproj.io', app('dcfm')), {
    what: 'app gone',
    timeoutMs: 60_000,
  });
});

test('Replace=true writes with PUT: fields set by others disappear, managedFields show Update', async () => {
  const dest = destNs('repl');
  repo
    .write({ 'repl/cm.yaml': cm('rep', '1', { 'argocd.argoproj.io/sync-options': 'Replace=true' }) })
    .commit('replace');
  await createApp(app('repl'), 'repl', dest);
  assert.equal((await syncAndWait(app('repl'))).status?.operationState?.phase, 'Succeeded');
  await kubectlOk(['-n', dest, 'patch', 'configmap', 'rep', '--type=merge', '-p', '{"data":{"extra":"x"}}']);
  const a = await syncAndWait(app('repl'));
  assert.equal(a.status?.operationState?.phase, 'Succeeded', a.status?.operationState?.message);
  assert.match(results(a).find((r) => r.name === 'rep')?.message ?? '', /replaced/);
  const live = await kubectlJson<LiveObject>([
    '-n',
    dest,
    'get',
    'configmap',
    'rep',
    '--show-managed-fields',
  ]);
  assert.deepEqual(live.data, { value: '1' });
  const fields = (live.metadata.managedFields ?? []) as { manager?: string; operation?: string }[];
  const ours = fields.filter((f) => f.manager === 'driftless');
  assert.ok(ours.length > 0 && ours.every((f) => f.operation === 'Update'), JSON.stringify(ours));
});

test('Force=true with Replace=true recreates a Job whose immutable template changed', async () => {
  const dest = destNs('force');
  const opts = (o: string) => ({ 'argocd.argoproj.io/sync-options': o });
  repo.write({ 'force/job.yaml': job('immut', opts('Replace=true')) }).commit('job v1');
  await createApp(app('force'), 'force', dest);
  assert.equal((await syncAndWait(app('force'))).status?.operationState?.phase, 'Succeeded');
  const uid = (await get(dest, 'job', 'immut')).metadata.uid;
  repo
    .write({ 'force/job.yaml': job('immut', opts('Replace=true'), { command: '["echo", "2"]' }) })
    .commit('job v2');
  const refused = await syncAndWait(app('force'));
  assert.equal(refused.status?.operationState?.phase, 'Failed');
  assert.match(refused.status?.operationState?.message ?? '', /immutable|Invalid|Required/);
  repo
    .write({ 'force/job.yaml': job('immut', opts('Replace=true,Force=true'), { command: '["echo", "2"]' }) })
    .commit('force');
  const forced = await syncAndWait(app('force'));
  assert.equal(forced.status?.operationState?.phase, 'Succeeded', forced.status?.operationState?.message);
  assert.match(results(forced).find((r) => r.name === 'immut')?.message ?? '', /recreated/);
  const live = await get(dest, 'job', 'immut');
  assert.notEqual(live.metadata.uid, uid, 'a new object');
  assert.match(JSON.stringify(live.spec), /"echo","2"/);
});

test('Validate: an unknown field fails the sync by default and is accepted with Validate=false', async () => {
  const dest = destNs('valid');
  repo.write({ 'valid/cm.yaml': cm('strict', '1', {}, 'bogusField: 1\n') }).commit('unknown field');
  await createApp(app('valid'), 'valid', dest);
  const refused = await syncAndWait(app('valid'));
  assert.equal(refused.status?.operationState?.phase, 'Failed');
  assert.match(refused.status?.operationState?.message ?? '', /bogusField/);
  repo
    .write({
      'valid/cm.yaml': cm(
        'strict',
        '1',
        { 'argocd.argoproj.io/sync-options': 'Validate=false' },
        'bogusField: 1\n',
      ),
    })
    .commit('Validate=false');
  const ok = await syncAndWait(app('valid'));
  assert.equal(ok.status?.operationState?.phase, 'Succeeded', ok.status?.operationState?.message);
  assert.ok(await exists(['-n', dest, 'configmap', 'strict']));
});

test('SkipDryRunOnMissingResource=true: a dry run of a CR whose CRD is in the app succeeds', async () => {
  const dest = destNs('skipdry');
  const group = `skip${randomSuffix(6)}.e2e.driftless.dev`;
  repo
    .write({
      'skipdry/crd.yaml': JSON.stringify(widgetCrd(group)),
      'skipdry/widget.yaml': `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: w\n${annotationsYaml({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' })}spec: {size: 1}\n`,
    })
    .commit('skip dry run');
  await createApp(app('skipdry'), 'skipdry', dest);
  const a = await syncAndWait(app('skipdry'), { dryRun: true });
  assert.equal(a.status?.operationState?.phase, 'Succeeded', a.status?.operationState?.message);
  assert.match(results(a).find((r) => r.kind === 'Widget')?.message ?? '', /skipped dry run/);
  assert.ok(!(await exists(['crd', `widgets.${group}`])), 'a dry run created nothing');
});

test('PrunePropagationPolicy=orphan: pruning a Deployment leaves its ReplicaSet', async () => {
  const dest = destNs('orphan');
  repo.write({ 'orphan/dep.yaml': deployment('web'), 'orphan/keep.yaml': cm('keep', '1') }).commit('orphan');
  await createApp(app('orphan'), 'orphan', dest, {
    automated: { prune: true },
    syncOptions: ['CreateNamespace=true', 'PrunePropagationPolicy=orphan'],
  });
  await waitForApp(
    NS,
    app('orphan'),
    'synced and healthy',
    (a) => succeeded(a) && synced(a) && healthy(a),
    90_000,
  );
  const rs = await waitFor(
    async () => (await kubectlOk(['-n', dest, 'get', 'rs', '-l', 'app=web', '-o', 'name'])) || undefined,
    {
      what: 'the ReplicaSet',
    },
  );
  repo.remove('orphan/dep.yaml').commit('remove deployment');
  await waitFor(() => gone(dest, 'deployment', 'web'), { what: 'deployment pruned', timeoutMs: 60_000 });
  assert.ok(await exists(['-n', dest, rs.trim()]), `${rs.trim()} stays`);
});

test('RespectIgnoreDifferences=true: a hand-scaled replica count survives a sync', async () => {
  const dest = destNs('respect');
  repo.write({ 'respect/dep.yaml': deployment('scaled') }).commit('respect v1');
  await createApp(app('respect'), 'respect', dest, {
    automated: { prune: true },
    syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true'],
    spec: { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] },
  });
  await waitForApp(NS, app('respect'), 'synced', (a) => succeeded(a) && synced(a), 90_000);
  await kubectlOk(['-n', dest, 'scale', 'deployment', 'scaled', '--replicas=3']);
  const head = repo
    .write({ 'respect/dep.yaml': deployment('scaled', { 'e2e/version': '2' }) })
    .commit('respect v2');
  await waitForApp(
    NS,
    app('respect'),
    'synced to v2',
    (a) => succeeded(a) && a.status?.operationState?.syncResult?.revision === head,
    90_000,
  );
  const live = await get(dest, 'deployment', 'scaled');
  assert.equal(live.metadata.annotations?.['e2e/version'], '2', 'the sync ran');
  assert.equal((live.spec as { replicas?: number }).replicas, 3, 'replicas kept');
});

test('managedNamespaceMetadata labels and annotates the created namespace', async () => {
  const dest = destNs('nsmeta');
  repo.write({ 'nsmeta/cm.yaml': cm('c', '1') }).commit('nsmeta');
  await createApp(app('nsmeta'), 'nsmeta', dest, {
    automated: { prune: true },
    syncPolicy: {
      managedNamespaceMetadata: { labels: { team: 'blue' }, annotations: { 'e2e/owner': 'ops' } },
    },
  });
  await waitForApp(NS, app('nsmeta'), 'synced', (a) => succeeded(a) && synced(a), 90_000);
  const ns = await kubectlJson<KubeObject>(['get', 'namespace', dest]);
  assert.equal(ns.metadata.labels?.team, 'blue');
  assert.equal(ns.metadata.annotations?.['e2e/owner'], 'ops');
});

test('IgnoreExtraneous: an extraneous resource with the compare option keeps the app Synced', async () => {
  const dest = destNs('extra');
  repo
    .write({
      'extra/keep.yaml': cm('keep', '1'),
      'extra/stray.yaml': cm('stray', '1', { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' }),
      'extra/loud.yaml': cm('loud', '1'),
    })
    .commit('extraneous fixtures');
  await createApp(app('extra'), 'extra', dest, { automated: { prune: false } });
  await waitForApp(NS, app('extra'), 'synced', (a) => succeeded(a) && synced(a), 90_000);
  const h1 = repo.remove('extra/stray.yaml').commit('remove stray');
  await waitForApp(
    NS,
    app('extra'),
    'Synced at the new revision',
    (a) => synced(a) && a.status?.sync?.revision === h1,
  );
  assert.ok(await exists(['-n', dest, 'configmap', 'stray']));
  // The control case: without the option the same removal is OutOfSync.
  const h2 = repo.remove('extra/loud.yaml').commit('remove loud');
  await waitForApp(
    NS,
    app('extra'),
    'OutOfSync',
    (a) => a.status?.sync?.status === 'OutOfSync' && a.status.sync.revision === h2,
  );
});

test('PostDelete hooks run after the app resources are gone, then the finalizer goes', async () => {
  const dest = destNs('postdel');
  repo
    .write({
      'postdel/cm.yaml': cm('config', '1'),
      'postdel/hook.yaml': job('cleanup', { 'argocd.argoproj.io/hook': 'PostDelete' }),
    })
    .commit('post delete fixtures');
  await createApp(app('postdel'), 'postdel', dest, {
    automated: { prune: true },
    finalizers: [RESOURCES_FINALIZER],
  });
  const a = await waitForApp(
    NS,
    app('postdel'),
    'synced with the post-delete finalizer',
    (x) => succeeded(x) && synced(x) && (x.metadata.finalizers ?? []).includes(POST_DELETE_FINALIZER),
    90_000,
  );
  assert.ok(!(await exists(['-n', dest, 'job', 'cleanup'])), 'a sync does not run PostDelete hooks');
  assert.ok(a.metadata.finalizers?.includes(RESOURCES_FINALIZER));
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', app('postdel'), '--wait=false']);
  let overlap = false;
  await waitFor(
    async () => {
      const cmThere = await exists(['-n', dest, 'configmap', 'config']);
      const jobThere = await exists(['-n', dest, 'job', 'cleanup']);
      if (cmThere && jobThere) overlap = true;
      return !(await exists(['-n', NS, 'applications.argoproj.io', app('postdel')]));
    },
    { what: 'app deleted', timeoutMs: 90_000, intervalMs: 200 },
  );
  assert.ok(!overlap, 'the hook ran while the ConfigMap still existed');
  const hook = await get(dest, 'job', 'cleanup');
  assert.equal((hook.status as { succeeded?: number }).succeeded, 1, 'the hook completed');
  assert.ok(await gone(dest, 'configmap', 'config'));
});

test('retry: a failing sync is retried up to the limit, then Failed', async () => {
  const dest = destNs('retry');
  repo
    .write({
      'retry/presync.yaml': job('bad', { 'argocd.argoproj.io/hook': 'PreSync' }, { fail: true }),
      'retry/cm.yaml': cm('never', '1'),
    })
    .commit('retry fixtures');
  const seen = new Set<string>();
  await createApp(app('retry'), 'retry', dest, {
    automated: { prune: true },
    syncPolicy: { retry: { limit: 2, backoff: { duration: '1s', factor: 2 } } },
  });
  const a = await waitForApp(
    NS,
    app('retry'),
    'failed after retries',
    (x) => {
      seen.add(x.status?.operationState?.message ?? '');
      return opDone(x);
    },
    120_000,
  );
  const op = a.status?.operationState;
  assert.equal(op?.phase, 'Failed', op?.message);
  assert.equal(op?.retryCount, 2);
  assert.match(op?.message ?? '', /retried 2 times/);
  assert.ok(
    [...seen].some((m) => /Retrying attempt #\d|retry attempt #\d/.test(m)),
    [...seen].join(' | '),
  );
  assert.ok(!(await exists(['-n', dest, 'configmap', 'never'])));
});

test('skip-reconcile: the app is neither refreshed nor synced until the annotation goes', async () => {
  const dest = destNs('skiprec');
  const control = destNs('skipctl');
  repo.write({ 'skiprec/cm.yaml': cm('c', '1') }).commit('skip v1');
  await createApp(app('skiprec'), 'skiprec', dest, { automated: { prune: true } });
  await waitForApp(NS, app('skiprec'), 'synced', (a) => succeeded(a) && synced(a), 90_000);
  await patchApp(app('skiprec'), {
    metadata: { annotations: { 'argocd.argoproj.io/skip-reconcile': 'true' } },
  });
  const frozen = await getApp(NS, app('skiprec'));
  // A second app on the same path shows when the controller has seen the new commit.
  await createApp(app('skipctl'), 'skiprec', control, { automated: { prune: true } });
  const head = repo.write({ 'skiprec/cm.yaml': cm('c', '2') }).commit('skip v2');
  await waitForApp(
    NS,
    app('skipctl'),
    'control synced to v2',
    (a) => succeeded(a) && a.status?.operationState?.syncResult?.revision === head,
    90_000,
  );
  const still = await getApp(NS, app('skiprec'));
  assert.equal(still.metadata.resourceVersion, frozen.metadata.resourceVersion, 'no status written');
  assert.equal((await get(dest, 'configmap', 'c')).data?.value, '1', 'the new commit was not applied');
  await patchApp(app('skiprec'), {
    metadata: { annotations: { 'argocd.argoproj.io/skip-reconcile': null } },
  });
  await waitForApp(
    NS,
    app('skiprec'),
    'synced to v2',
    (a) => succeeded(a) && a.status?.operationState?.syncResult?.revision === head,
    90_000,
  );
  assert.equal((await get(dest, 'configmap', 'c')).data?.value, '2');
});
