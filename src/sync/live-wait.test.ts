// Waiting on the live cache: re-checked on events of the awaited keys, a deadline on a manual clock, abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualTimers } from '../common/timers.js';
import { keyOf, keyString, type KubeObject, type ResourceKey } from '../model/index.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import { waitGone, waitOnCache } from './live-wait.js';
import type { LiveView, OpDeps } from './op-deps.js';
import { OpIo } from './op-io.js';
import { startState } from './op-machine.js';
import { taskResult, type OpState } from './op-state.js';
import type { SyncTask } from './plan-types.js';
import type { OpStep, OpSteps } from './op-steps.js';

/** An in-memory LiveView: `put`/`remove` notify listeners as the watch-fed cache does. */
class MemoryLive implements LiveView {
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(t: string, o: KubeObject, old: KubeObject | undefined) => void>();
  ensured: string[] = [];
  get(key: ResourceKey): KubeObject | undefined {
    return this.objects.get(keyString(key));
  }
  on(l: (t: string, o: KubeObject, old: KubeObject | undefined) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  ensureType(group: string, kind: string): Promise<ApiResource> {
    this.ensured.push(`${group}/${kind}`);
    return Promise.resolve({
      group,
      version: 'v1',
      kind,
      resource: kind.toLowerCase(),
      namespaced: true,
      verbs: [],
    });
  }
  put(obj: KubeObject): void {
    const old = this.objects.get(keyString(keyOf(obj)));
    this.objects.set(keyString(keyOf(obj)), obj);
    for (const l of this.listeners) l(old ? 'modified' : 'added', obj, old);
  }
  remove(obj: KubeObject): void {
    this.objects.delete(keyString(keyOf(obj)));
    for (const l of this.listeners) l('deleted', obj, undefined);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

const job = (name: string, uid: string, rv: string, done = false): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'app', uid, resourceVersion: rv },
  status: done ? { succeeded: 1 } : {},
});
const key = (name: string): ResourceKey => ({ group: 'batch', kind: 'Job', namespace: 'app', name });
const tick = () => new Promise((r) => setImmediate(r));

test('waitOnCache answers at once, on an event of an awaited key (not of others), or undefined at the deadline', async () => {
  const live = new MemoryLive();
  const timers = new ManualTimers();
  let ready = false;
  const check = () => (ready ? 'ready' : undefined);
  const keys = new Set([keyString(key('a'))]);
  const pending = waitOnCache({ live, timers, keys, check, until: 1_000 });
  ready = true;
  live.put(job('other', 'u2', '1'));
  let settled: string | undefined = 'pending';
  void pending.then((v) => (settled = v));
  await tick();
  assert.equal(settled, 'pending', 'an event of another object does not re-check');
  live.put(job('a', 'u1', '2'));
  assert.equal(await pending, 'ready');
  assert.equal(live.listenerCount, 0, 'unsubscribed');

  ready = false;
  const late = waitOnCache({ live, timers, keys, check, until: 1_000 });
  timers.advance(999);
  await tick();
  timers.advance(1);
  assert.equal(await late, undefined);
  assert.equal(timers.pendingCount, 0);

  const abort = new AbortController();
  const aborted = waitOnCache({ live, timers, keys, check, until: 5_000, signal: abort.signal });
  abort.abort();
  assert.equal(await aborted, undefined);
});

test('waitGone resolves when the object leaves the cache or is replaced; times out on the manual clock', async () => {
  const live = new MemoryLive();
  const timers = new ManualTimers();
  live.put(job('a', 'u1', '1'));
  const gone = waitGone(live, timers, key('a'), 'u1', 10_000);
  await tick();
  live.put(job('a', 'u2', '5'));
  await gone;
  const stuck = waitGone(live, timers, key('a'), 'u2', 10_000);
  await tick();
  timers.advance(10_000);
  await assert.rejects(stuck, /timed out deleting the previous Job.batch app\/a/);
});

function hookTask(name: string): SyncTask {
  const desired = job(name, '', '');
  return {
    id: `PreSync:hook:${name}`,
    kind: 'hook',
    phase: 'PreSync',
    wave: 0,
    key: keyString(key(name)),
    resource: key(name),
    desired,
    syncOptions: {} as SyncTask['syncOptions'],
    compareOptions: { ignoreExtraneous: false },
    hookDeletePolicies: ['BeforeHookCreation'],
  };
}

function io(live: MemoryLive, timers: ManualTimers): OpIo {
  const deps: OpDeps = {
    // Awaiting reads the cache only; the client and discovery are never called here.
    client: undefined as unknown as KubeClient,
    discovery: undefined as unknown as Discovery,
    live,
    timers,
    assessHealth: (o) =>
      (o.status as { succeeded?: number }).succeeded ? { status: 'Healthy' } : { status: 'Progressing' },
    fieldManager: 'driftless',
    operationId: 'uid/start/0',
  };
  return new OpIo(deps);
}

function withRunningHook(task: SyncTask, uid: string): OpState {
  return {
    ...startState({ limit: undefined, backoff: {} }, 60_000),
    results: [taskResult(task, 'Synced', 'created', { hookPhase: 'Running', uid })],
  };
}

test('awaiting a hook on the cache: finished when its object (same uid) completes; a different uid is not it', async () => {
  const live = new MemoryLive();
  const timers = new ManualTimers();
  const task = hookTask('migrate');
  live.put(job('migrate', 'old', '1', true));
  const state = withRunningHook(task, 'new');
  const step = { index: 0, wave: 0, tasks: [task], waitForHealth: false };
  const events = io(live, timers).await({ kind: 'await', step, tasks: [task], until: 60_000 }, state);
  await tick();
  // The completed Job of an earlier run (another uid) looks finished but is not this hook: the
  // running hook's object is gone from the cache, so after a restart it can never complete.
  const [gone] = await events;
  assert.equal(
    gone?.type === 'hookFinished' && !gone.ok && gone.message,
    'the hook object was deleted before it completed',
  );
  assert.deepEqual(live.ensured, ['batch/Job']);

  const live2 = new MemoryLive();
  live2.put(job('migrate', 'new', '3'));
  const waiting = io(live2, timers).await({ kind: 'await', step, tasks: [task], until: 60_000 }, state);
  await tick();
  live2.put(job('migrate', 'new', '4', true));
  const [finished] = await waiting;
  assert.equal(finished?.type === 'hookFinished' && finished.ok, true);
});

test("a successful run's end waits until the cache shows its applies at the versions written (at most until the deadline)", async () => {
  const live = new MemoryLive();
  const timers = new ManualTimers();
  const cm = (name: string, rv: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'app', uid: `u-${name}`, resourceVersion: rv },
  });
  const applyTask = (name: string): SyncTask => {
    const resource = { group: '', kind: 'ConfigMap', namespace: 'app', name };
    return {
      id: `Sync:apply:${name}`,
      kind: 'apply',
      phase: 'Sync',
      wave: 0,
      key: keyString(resource),
      resource,
      desired: cm(name, ''),
      syncOptions: { validate: true } as SyncTask['syncOptions'],
      compareOptions: { ignoreExtraneous: false },
    };
  };
  const tasks = [applyTask('a'), applyTask('b')];
  const written: Record<string, string> = { a: '7', b: '9' };
  const deps: OpDeps = {
    client: {
      apply: (_r: ApiResource, o: KubeObject) =>
        Promise.resolve(cm(o.metadata.name ?? '', written[o.metadata.name ?? ''] ?? '')),
    } as unknown as KubeClient,
    discovery: {
      find: () =>
        Promise.resolve({
          group: '',
          version: 'v1',
          kind: 'ConfigMap',
          resource: 'configmaps',
          namespaced: true,
          verbs: [],
        }),
    } as unknown as Discovery,
    live,
    timers,
    assessHealth: () => ({ status: 'Healthy' }),
    fieldManager: 'driftless',
    operationId: 'uid/start/0',
  };
  const step: OpStep = { index: 0, wave: 0, tasks, waitForHealth: false };
  const steps: OpSteps = { main: [step], syncFail: [], dryRun: false, awaitingConfirmation: [] };
  const opIo = new OpIo(deps);
  await opIo.run({ kind: 'run', step, tasks }, steps, () => undefined);

  // The watch has shown neither write yet (b at an older version): the end waits.
  live.put(cm('b', '3'));
  let done = false;
  const seen = opIo.writesSeen(steps, 30_000).then(() => (done = true));
  await tick();
  live.put(cm('a', '7'));
  await tick();
  assert.equal(done, false, 'b is still behind what was written');
  live.put(cm('b', '9'));
  await seen;

  // Already seen: at once. Never seen: the deadline on the manual clock ends the wait.
  await opIo.writesSeen(steps, 30_000);
  live.remove(cm('a', '7'));
  const gone = opIo.writesSeen(steps, 30_000);
  await tick();
  timers.advance(30_000);
  await gone;
  assert.equal(live.listenerCount, 0, 'unsubscribed');
});
