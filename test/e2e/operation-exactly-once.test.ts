// Operations exactly once, through the `driftless server` process killed with SIGKILL: a running hook is
// adopted, finished hooks and waves are not repeated, the operation succeeds once; a missing CRD applies nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { exists, getApp, jsonpath, waitForApp } from './support/controller.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { configMap, hook, job, service, wave } from './support/manifests.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { ControllerSuite } from './support/suite.js';

const suite = new ControllerSuite('once');
const { NS, repo, app, destNs } = suite;
const run = randomSuffix(4);
/** Node labels that hold a pod Pending until the test sets them (kwok runs pods on kwok-node-0). */
const HOOK_GATE = `driftless.dev/once-hook-${run}`;
const WAVE_GATE = `driftless.dev/once-wave-${run}`;
let server: ServerProcess | undefined;

/** A Job (hook) whose pod waits for a node label before it can run and complete. */
function gatedJob(name: string, annotations: Record<string, string>, label: string): string {
  return job(name, annotations).replace(
    '      restartPolicy: Never\n',
    `      restartPolicy: Never\n      nodeSelector: {${label}: "true"}\n`,
  );
}

function gatedDeployment(name: string, annotations: Record<string, string>, label: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([k, v]) => `    ${k}: "${v}"\n`)
  .join('')}spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      nodeSelector: {${label}: "true"}
      containers:
      - name: web
        image: nginx:1.27
`;
}

before(async () => {
  repo
    .write({
      'once/presync.yaml': gatedJob('migrate', hook('PreSync'), HOOK_GATE),
      'once/wave0-cm.yaml': configMap('first', '1', wave(0)),
      'once/wave0-svc.yaml': service('first', wave(0)),
      'once/wave1.yaml': gatedDeployment('blocker', wave(1), WAVE_GATE),
      'once/wave2.yaml': configMap('last', '1', wave(2)),
      'once/postsync.yaml': job('smoke', hook('PostSync')),
      'nocrd/cm.yaml': configMap('plain', '1'),
      'nocrd/svc-a.yaml': service('svc-a'),
      'nocrd/svc-b.yaml': service('svc-b'),
      'nocrd/widget.yaml': `apiVersion: nocrd${run}.driftless.dev/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 1\n`,
    })
    .commit('exactly-once fixtures');
  server = await startServerProcess({ namespace: NS });
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await server?.stop();
  await kubectl(['label', 'node', 'kwok-node-0', `${HOOK_GATE}-`, `${WAVE_GATE}-`]);
  await suite.namespaces.cleanup(NS);
  repo.cleanup();
});

const createApp = (name: string, path: string, dest: string) =>
  suite.createApp(name, path, dest, { automated: { prune: true } });

const results = (a: Application) => a.status?.operationState?.syncResult?.resources ?? [];
const resultOf = (a: Application, name: string, phase: string) =>
  results(a).find((r) => r.name === name && r.syncPhase === phase);

async function restart(what: string): Promise<void> {
  assert.ok(server);
  await server.kill();
  server = await startServerProcess({ namespace: NS });
  assert.ok(server.url, what);
}

const uidOf = (ns: string, kind: string, name: string) =>
  jsonpath(['-n', ns, 'get', kind, name], '{.metadata.uid}');
const rvOf = (ns: string, kind: string, name: string) =>
  jsonpath(['-n', ns, 'get', kind, name], '{.metadata.resourceVersion}');
const podsOf = async (ns: string, jobName: string) =>
  (await kubectlJson<{ items: unknown[] }>(['-n', ns, 'get', 'pods', '-l', `job-name=${jobName}`])).items
    .length;

test('SIGKILL while a PreSync hook runs and during wave 1: the hook is adopted, nothing finished repeats, one success', async () => {
  const name = app('once');
  const dest = destNs('once');
  await createApp(name, 'once', dest);

  // 1. The PreSync Job is created and cannot finish yet: kill the server while it runs.
  const hookRunning = await waitForApp(
    NS,
    name,
    'PreSync hook running',
    (a) => resultOf(a, 'migrate', 'PreSync')?.hookPhase === 'Running',
    90_000,
  );
  const startedAt = hookRunning.status?.operationState?.startedAt;
  const migrateUid = await uidOf(dest, 'job', 'migrate');
  assert.equal(
    resultOf(hookRunning, 'migrate', 'PreSync')?.uid,
    migrateUid,
    'operationState records the hook uid (undefined: the cluster runs an older Application CRD without the field)',
  );
  await restart('after the hook started');
  await waitForApp(NS, name, 'resumed', (a) => /resumed/.test(a.status?.operationState?.message ?? ''));
  assert.equal(
    await uidOf(dest, 'job', 'migrate'),
    migrateUid,
    'the running hook was adopted, not re-created',
  );

  // 2. Let the hook complete; the sync applies wave 0 and waits on wave 1: kill the server there.
  await kubectlOk(['label', 'node', 'kwok-node-0', `${HOOK_GATE}=true`, '--overwrite']);
  const inWave1 = await waitForApp(
    NS,
    name,
    'PreSync done, waiting on wave 1',
    (a) =>
      resultOf(a, 'migrate', 'PreSync')?.hookPhase === 'Succeeded' &&
      resultOf(a, 'blocker', 'Sync')?.status === 'Synced',
    90_000,
  );
  assert.equal(resultOf(inWave1, 'first', 'Sync')?.syncWave, 0);
  const wave0 = { cm: await rvOf(dest, 'configmap', 'first'), svc: await rvOf(dest, 'service', 'first') };
  const blockerRv = await rvOf(dest, 'deployment', 'blocker');
  await restart('during wave 1');
  await waitForApp(NS, name, 'resumed again', (a) => /resumed/.test(a.status?.operationState?.message ?? ''));

  // 3. Wave 1 becomes healthy; wave 2 and PostSync run, once.
  await kubectlOk(['label', 'node', 'kwok-node-0', `${WAVE_GATE}=true`, '--overwrite']);
  const done = await waitForApp(
    NS,
    name,
    'operation succeeded',
    (a) => a.status?.operationState?.phase === 'Succeeded' && a.operation === undefined,
    120_000,
  );
  assert.equal(done.status?.operationState?.startedAt, startedAt, 'one operation, resumed twice');
  assert.equal(await uidOf(dest, 'job', 'migrate'), migrateUid, 'the PreSync Job kept its uid');
  assert.equal(await podsOf(dest, 'migrate'), 1, 'the PreSync Job ran one pod');
  assert.equal(await rvOf(dest, 'configmap', 'first'), wave0.cm, 'wave 0 ConfigMap not re-applied');
  assert.equal(await rvOf(dest, 'service', 'first'), wave0.svc, 'wave 0 Service not re-applied');
  assert.ok(Number(await rvOf(dest, 'deployment', 'blocker')) >= Number(blockerRv));
  assert.ok(await exists(['-n', dest, 'configmap', 'last']), 'wave 2 ran');
  assert.equal(await podsOf(dest, 'smoke'), 1, 'the PostSync Job ran once');
  assert.equal(results(done).filter((r) => r.name === 'smoke').length, 1);
  assert.equal((done.status?.history ?? []).length, 1, 'one history entry');
  const completed = await waitFor(
    async () => {
      const events = await kubectlJson<{ items: { reason: string; count?: number }[] }>([
        '-n',
        NS,
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${name}`,
      ]);
      const n = events.items
        .filter((e) => e.reason === 'OperationCompleted')
        .reduce((s, e) => s + (e.count ?? 1), 0);
      return n > 0 ? n : undefined;
    },
    { what: 'the OperationCompleted event' },
  );
  assert.equal(completed, 1, 'the operation ended Succeeded once');
});

test('a kind with no CRD in the cluster: the operation fails before anything is applied, naming it', async () => {
  const name = app('nocrd');
  const dest = destNs('nocrd');
  // No retries: the failure itself is under test (an automated sync retries 5 times by default).
  await suite.createApp(name, 'nocrd', dest, { automated: { prune: true }, retry: { limit: 0 } });
  const failed = await waitForApp(
    NS,
    name,
    'operation failed',
    (a) => ['Failed', 'Error'].includes(a.status?.operationState?.phase ?? ''),
    90_000,
  );
  const message = failed.status?.operationState?.message ?? '';
  assert.equal(failed.status?.operationState?.phase, 'Failed', message);
  assert.match(
    message,
    new RegExp(`Widget\\.nocrd${run}\\.driftless\\.dev ${dest}/w1: the server does not know`),
  );
  assert.match(message, /nothing was applied/);
  assert.equal(resultOf(failed, 'w1', 'Sync')?.status, 'SyncFailed');
  assert.ok(!results(failed).some((r) => r.status === 'Synced'), 'no resource is reported applied');
  assert.equal(
    await exists(['namespace', dest]),
    false,
    'not even the namespace (CreateNamespace) was created',
  );
  assert.equal((await getApp(NS, name)).status?.history, undefined);
});
