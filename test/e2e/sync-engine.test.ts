// The sync engine on a real cluster: hooks and waves in order, failing hooks and SyncFail,
// BeforeHookCreation, selective and dry-run syncs, rollback, terminate, app-of-apps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomSuffix, waitFor } from './support/cluster.js';
import { crdsEstablished, kubectl, kubectlJson, kubectlOk, kubectlStream } from './support/kubectl.js';
import { ControllerSuite, operationDone } from './support/suite.js';
import { widgetCrd } from './support/fixtures.js';
import { configMap as cm, deployment, hook, job, service, wave } from './support/manifests.js';
import {
  applicationYaml,
  exists,
  getApp,
  healthy,
  jsonpath,
  patchApp,
  startController,
  synced,
  waitForApp,
  type RunningController,
} from './support/controller.js';

const suite = new ControllerSuite('se');
const { NS, repo, app, destNs } = suite;
let running: RunningController;

before(async () => {
  repo
    .write({
      'ordered/presync.yaml': job('migrate', hook('PreSync')),
      'ordered/deployment.yaml': deployment('api', wave(1)),
      'ordered/service.yaml': service('api', wave(2)),
      'ordered/postsync.yaml': job('smoke-test', hook('PostSync')),
      'failing/presync.yaml': job('bad-migration', hook('PreSync'), { fail: true }),
      'failing/syncfail.yaml': cm('sync-failed-marker', 'failed', hook('SyncFail')),
      'failing/deployment.yaml': deployment('never', wave(0)),
      'recreate/hook.yaml': job('seed', hook('PostSync')),
      'recreate/cm.yaml': cm('config', '1'),
      'select/a.yaml': cm('a', '1'),
      'select/b.yaml': cm('b', '1'),
      'select/hook.yaml': job('select-hook', hook('PreSync')),
      'stuck/deployment.yaml': deployment('stuck', wave(0), '      nodeSelector: {no-such-node: "true"}\n'),
      'stuck/after.yaml': cm('after-stuck', '1', wave(1)),
    })
    .commit('sync engine fixtures');
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

async function createApp(
  name: string,
  path: string,
  dest: string,
  automated: { prune?: boolean; selfHeal?: boolean } | null = { prune: true },
) {
  await suite.createApp(name, path, dest, { automated: automated ?? undefined });
}
async function requestSync(name: string, sync: Record<string, unknown>) {
  await patchApp(NS, name, { operation: { initiatedBy: { username: 'e2e' }, sync } });
}
const opDone = operationDone;
const created = async (ns: string, kind: string, name: string) =>
  Date.parse(
    (await kubectlJson<{ metadata: { creationTimestamp: string } }>(['-n', ns, 'get', kind, name])).metadata
      .creationTimestamp,
  );

test('PreSync Job → Deployment (wave 1) → Service (wave 2) → PostSync Job, in that order', async () => {
  const dest = destNs('ordered');
  await createApp(app('ordered'), 'ordered', dest);
  const a = await waitForApp(
    NS,
    app('ordered'),
    'synced and healthy',
    (x) => synced(x) && healthy(x) && x.status?.operationState?.phase === 'Succeeded',
    120_000,
  );
  const order = (a.status?.operationState?.syncResult?.resources ?? [])
    .filter((r) => r.kind !== 'Namespace')
    .map((r) => `${r.syncPhase}:${r.kind}/${r.name}`);
  assert.deepEqual(order, [
    'PreSync:Job/migrate',
    'Sync:Deployment/api',
    'Sync:Service/api',
    'PostSync:Job/smoke-test',
  ]);
  const t = {
    migrate: await created(dest, 'job', 'migrate'),
    api: await created(dest, 'deployment', 'api'),
    svc: await created(dest, 'service', 'api'),
    smoke: await created(dest, 'job', 'smoke-test'),
  };
  assert.ok(t.migrate <= t.api && t.api <= t.svc && t.svc <= t.smoke, `creation order ${JSON.stringify(t)}`);
  // The PostSync hook started only after the Deployment (wave 1) was available.
  const dep = await kubectlJson<{ status: { conditions: { type: string; lastTransitionTime: string }[] } }>([
    '-n',
    dest,
    'get',
    'deployment',
    'api',
  ]);
  const available = Date.parse(
    dep.status.conditions.find((c) => c.type === 'Available')?.lastTransitionTime ?? '',
  );
  assert.ok(available <= t.smoke, 'PostSync ran after the wave was healthy');
  // Hooks are not app resources.
  assert.ok(!(a.status?.resources ?? []).some((r) => r.kind === 'Job'));
});

test('a sync ends in one status write: Succeeded shows with Synced, never before it', async () => {
  const dest = destNs('onewrite');
  repo
    .write({ 'onewrite/deployment.yaml': deployment('web'), 'onewrite/cm.yaml': cm('settings', '1') })
    .commit('one write');
  const name = app('onewrite');
  // Every version of the app the API server shows, from before it exists until the sync is seen.
  const watch = kubectlStream([
    '-n',
    NS,
    'get',
    'applications.argoproj.io',
    '--field-selector',
    `metadata.name=${name}`,
    '-w',
    '-o',
    'jsonpath={.status.operationState.phase}/{.status.sync.status}/{.status.health.status}{"\\n"}',
  ]);
  let seen = '';
  watch.stdout?.setEncoding('utf8').on('data', (d: string) => (seen += d));
  try {
    // Created without auto-sync, then switched on once the watch shows the app: nothing is missed.
    await createApp(name, 'onewrite', dest, null);
    await waitFor(() => Promise.resolve(seen.includes('\n')), {
      what: 'the watch shows the app',
      timeoutMs: 30_000,
    });
    await patchApp(NS, name, { spec: { syncPolicy: { automated: { prune: true } } } });
    await waitFor(() => Promise.resolve(seen.includes('Succeeded/')), {
      what: 'the operation shown Succeeded',
      timeoutMs: 120_000,
    });
  } finally {
    watch.kill();
  }
  // Health may still be Progressing: a sync does not wait for its last wave to become healthy.
  const first = seen.split('\n').find((l) => l.startsWith('Succeeded/'));
  assert.match(first ?? '', /^Succeeded\/Synced\/(Progressing|Healthy)$/, `the versions seen:\n${seen}`);
});

test('a failing PreSync hook fails the sync, runs SyncFail hooks and applies nothing after it', async () => {
  const dest = destNs('failing');
  await suite.createApp(app('failing'), 'failing', dest, { automated: { prune: true }, retry: { limit: 0 } });
  const a = await waitForApp(
    NS,
    app('failing'),
    'operation failed',
    (x) => x.status?.operationState?.phase === 'Failed',
    120_000,
  );
  assert.match(a.status?.operationState?.message ?? '', /bad-migration/);
  const hook = a.status?.operationState?.syncResult?.resources.find((r) => r.name === 'bad-migration');
  assert.equal(hook?.hookPhase, 'Failed');
  await waitFor(async () => exists(['-n', dest, 'configmap', 'sync-failed-marker']), {
    what: 'the SyncFail hook to run',
  });
  assert.equal(await exists(['-n', dest, 'deployment', 'never']), false, 'the Sync phase never ran');
  // The failed automated sync of this revision is not retried in a loop.
  const reconciles = running.stats.reconciles;
  await waitFor(async () => running.stats.reconciles >= reconciles + 2, {
    what: 'more reconciles',
  });
  assert.equal(
    (await getApp(NS, app('failing'))).status?.operationState?.startedAt,
    a.status?.operationState?.startedAt,
  );
});

test('BeforeHookCreation replaces a finished hook on the next sync', async () => {
  const dest = destNs('recreate');
  await createApp(app('recreate'), 'recreate', dest);
  await waitForApp(
    NS,
    app('recreate'),
    'synced',
    (x) => synced(x) && x.status?.operationState?.phase === 'Succeeded',
    120_000,
  );
  const firstUid = await jsonpath(['-n', dest, 'get', 'job', 'seed'], '{.metadata.uid}');
  const rev = repo.write({ 'recreate/cm.yaml': cm('config', '2') }).commit('config 2');
  await waitForApp(
    NS,
    app('recreate'),
    'synced to the new commit',
    (x) => x.status?.operationState?.syncResult?.revision === rev && opDone(x),
    120_000,
  );
  const secondUid = await jsonpath(['-n', dest, 'get', 'job', 'seed'], '{.metadata.uid}');
  assert.notEqual(secondUid, firstUid, 'the old hook Job was deleted and a new one created');
});

test('selective sync applies only the chosen resources and runs no hooks; dry run changes nothing', async () => {
  const dest = destNs('select');
  await createApp(app('select'), 'select', dest, null);
  await waitForApp(
    NS,
    app('select'),
    'OutOfSync (never synced)',
    (x) => x.status?.sync?.status === 'OutOfSync',
  );
  await requestSync(app('select'), { dryRun: true });
  const dry = await waitForApp(NS, app('select'), 'dry run done', opDone);
  assert.equal(dry.status?.operationState?.phase, 'Succeeded');
  assert.match(dry.status?.operationState?.message ?? '', /dry run/);
  assert.ok(
    (dry.status?.operationState?.syncResult?.resources ?? []).some(
      (r) => r.name === 'a' && /dry run/.test(r.message),
    ),
  );
  assert.equal(await exists(['-n', dest, 'configmap', 'a']), false, 'dry run created nothing');
  assert.equal((dry.status?.history ?? []).length, 0, 'a dry run is not history');

  await kubectlOk(['create', 'namespace', dest]);
  await requestSync(app('select'), { resources: [{ kind: 'ConfigMap', name: 'a', namespace: dest }] });
  const sel = await waitForApp(NS, app('select'), 'selective sync done', opDone);
  assert.equal(sel.status?.operationState?.phase, 'Succeeded');
  assert.ok(await exists(['-n', dest, 'configmap', 'a']));
  assert.equal(await exists(['-n', dest, 'configmap', 'b']), false, 'b was not selected');
  assert.equal(
    await exists(['-n', dest, 'job', 'select-hook']),
    false,
    'hooks do not run in a selective sync',
  );
});

test('rollback to a previous history entry re-applies that revision', async () => {
  const dest = destNs('rollback');
  repo.write({ 'rollback/cm.yaml': cm('release', 'v1') }).commit('v1');
  await createApp(app('rollback'), 'rollback', dest, null);
  await waitForApp(NS, app('rollback'), 'OutOfSync', (x) => x.status?.sync?.status === 'OutOfSync');
  await requestSync(app('rollback'), {});
  const first = await waitForApp(
    NS,
    app('rollback'),
    'first sync',
    (x) => opDone(x) && (x.status?.history?.length ?? 0) === 1,
  );
  repo.write({ 'rollback/cm.yaml': cm('release', 'v2') }).commit('v2');
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    app('rollback'),
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  await waitForApp(
    NS,
    app('rollback'),
    'sees v2',
    (x) =>
      x.status?.sync?.status === 'OutOfSync' &&
      x.status.sync.revision !== first.status?.history?.[0]?.revision,
  );
  await requestSync(app('rollback'), {});
  await waitForApp(
    NS,
    app('rollback'),
    'second sync',
    (x) => opDone(x) && (x.status?.history?.length ?? 0) === 2,
  );
  assert.equal(await jsonpath(['-n', dest, 'get', 'configmap', 'release'], '{.data.value}'), 'v2');
  // Roll back to history id 0: the revision it recorded.
  const entry = first.status?.history?.[0];
  await requestSync(app('rollback'), { revision: entry?.revision });
  const after = await waitForApp(
    NS,
    app('rollback'),
    'rollback done',
    (x) => opDone(x) && (x.status?.history?.length ?? 0) === 3,
  );
  assert.equal(after.status?.operationState?.phase, 'Succeeded');
  assert.equal(await jsonpath(['-n', dest, 'get', 'configmap', 'release'], '{.data.value}'), 'v1');
  assert.equal(after.status?.history?.[2]?.revision, entry?.revision);
  // The next refresh compares with HEAD again: the app is now behind it.
  await waitForApp(
    NS,
    app('rollback'),
    'OutOfSync (rolled back behind HEAD)',
    (x) => x.status?.sync?.status === 'OutOfSync',
  );
});

test('a running operation can be terminated', async () => {
  const dest = destNs('stuck');
  await createApp(app('stuck'), 'stuck', dest);
  await waitForApp(
    NS,
    app('stuck'),
    'operation running',
    (x) =>
      x.status?.operationState?.phase === 'Running' &&
      (x.status.operationState.syncResult?.resources ?? []).some((r) => r.name === 'stuck'),
  );
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    app('stuck'),
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"operationState":{"phase":"Terminating"}}}',
  ]);
  const a = await waitForApp(
    NS,
    app('stuck'),
    'terminated',
    (x) => x.status?.operationState?.phase === 'Failed',
  );
  assert.match(a.status?.operationState?.message ?? '', /terminated/);
  assert.equal(await exists(['-n', dest, 'configmap', 'after-stuck']), false, 'the next wave never ran');
});

test('app of apps: a parent creates three child Applications that sync themselves', async () => {
  const children = ['one', 'two', 'three'].map((n) => ({
    name: `child-${n}-${randomSuffix(4)}`,
    dest: destNs(`child-${n}`),
  }));
  for (const c of children) {
    repo.write({
      [`children/${c.name}.yaml`]: applicationYaml({
        name: c.name,
        namespace: NS,
        repoURL: repo.url,
        path: 'select',
        destNamespace: c.dest,
        automated: { prune: true },
        finalizer: 'resources-finalizer.argocd.argoproj.io',
      }),
    });
  }
  repo.commit('children');
  await createApp(app('parent'), 'children', NS);
  const parent = await waitForApp(
    NS,
    app('parent'),
    'parent synced and healthy',
    (x) => synced(x) && healthy(x),
    120_000,
  );
  assert.equal((parent.status?.resources ?? []).filter((r) => r.kind === 'Application').length, 3);
  for (const c of children) {
    await waitForApp(NS, c.name, 'child synced', (x) => synced(x) && healthy(x), 120_000);
    assert.ok(await exists(['-n', c.dest, 'configmap', 'a']));
  }
  // Removing a child from Git prunes the child Application, and its finalizer cascades.
  const gone = children[2];
  assert.ok(gone);
  repo.remove(`children/${gone.name}.yaml`).commit('drop a child');
  await waitFor(async () => !(await exists(['-n', NS, 'applications.argoproj.io', gone.name])), {
    what: 'the child app pruned',
    timeoutMs: 60_000,
  });
  await waitFor(async () => !(await exists(['-n', gone.dest, 'configmap', 'a'])), {
    what: "the child's resources deleted",
  });
});

test('a Lua health script from argocd-cm makes a custom resource Progressing, then Healthy', async () => {
  const dest = destNs('lua');
  const group = `lua${randomSuffix(4)}.driftless.dev`;
  const crd = widgetCrd(group, { statusSubresource: true });

  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(crd) });
  await crdsEstablished([`widgets.${group}`]);
  const script = `hs = {}
if obj.status ~= nil and obj.status.ready == true then
  hs.status = "Healthy"
  hs.message = "widget is ready"
else
  hs.status = "Progressing"
  hs.message = "waiting for the widget"
end
return hs`;
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: NS },
      data: { [`resource.customizations.health.${group}_Widget`]: script },
    }),
  });
  repo
    .write({
      'lua/widget.yaml': `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 1\n`,
    })
    .commit('a widget');
  await createApp(app('lua'), 'lua', dest);
  const progressing = await waitForApp(
    NS,
    app('lua'),
    'Progressing from the Lua script',
    (x) => synced(x) && x.status?.health?.status === 'Progressing',
    90_000,
  );
  assert.equal(progressing.status?.health?.message, 'waiting for the widget');
  await kubectlOk([
    '-n',
    dest,
    'patch',
    `widgets.${group}`,
    'w1',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"ready":true}}',
  ]);
  const ready = await waitForApp(NS, app('lua'), 'Healthy from the Lua script', healthy);
  assert.equal(ready.status?.resources?.find((r) => r.kind === 'Widget')?.health?.message, 'widget is ready');
  await kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
});

test('a controller restart mid-sync resumes the operation from operationState', async () => {
  const dest = destNs('resume');
  const label = `driftless.dev/resume-${app('x')}`;
  repo
    .write({
      'resume/deployment.yaml': deployment('waits', wave(0), `      nodeSelector: {${label}: "true"}\n`),
      'resume/after.yaml': cm('after-resume', '1', wave(1)),
    })
    .commit('resume fixtures');
  await createApp(app('resume'), 'resume', dest);
  const first = await waitForApp(
    NS,
    app('resume'),
    'operation running, waiting on wave 0',
    (x) =>
      x.status?.operationState?.phase === 'Running' &&
      (x.status.operationState.syncResult?.resources ?? []).some((r) => r.name === 'waits'),
  );
  await running.stop(); // the operation pauses: operation and Running state stay in the Application
  const paused = await getApp(NS, app('resume'));
  assert.equal(paused.status?.operationState?.phase, 'Running');
  assert.ok(paused.operation, 'the operation request is still there');
  running = await startController({ namespace: NS });
  await waitForApp(NS, app('resume'), 'resumed', (x) =>
    /resumed/.test(x.status?.operationState?.message ?? ''),
  );
  // Let wave 0 become healthy: the node now matches the Deployment's selector.
  await kubectlOk(['label', 'node', 'kwok-node-0', `${label}=true`]);
  try {
    const done = await waitForApp(
      NS,
      app('resume'),
      'operation succeeded',
      (x) => x.status?.operationState?.phase === 'Succeeded',
      90_000,
    );
    assert.equal(
      done.status?.operationState?.startedAt,
      first.status?.operationState?.startedAt,
      'the same operation, resumed',
    );
    assert.ok(await exists(['-n', dest, 'configmap', 'after-resume']), 'the next wave ran after the resume');
  } finally {
    await kubectl(['label', 'node', 'kwok-node-0', `${label}-`]);
  }
});
