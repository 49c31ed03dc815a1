// When an operation's state must be durable before its next action: before its first write to the
// cluster, before hooks are deleted and while hooks run; not before planning, dry runs, later waves
// of plain objects or waiting on them (a restart redoes those without effect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncTask } from './plan-types.js';
import type { OpAction } from './op-state.js';
import type { OpStep, OpSteps } from './op-steps.js';
import { durableBefore } from './op-loop.js';
import { DEFAULT_SYNC_OPTIONS } from './sync-options.js';

const task = (kind: SyncTask['kind'], name: string): SyncTask => ({
  id: name,
  kind,
  phase: kind === 'hook' ? 'PreSync' : 'Sync',
  wave: 0,
  key: `/ConfigMap/app/${name}`,
  resource: { group: '', kind: 'ConfigMap', namespace: 'app', name },
  syncOptions: { ...DEFAULT_SYNC_OPTIONS },
  compareOptions: { ignoreExtraneous: false },
});
const step = (tasks: SyncTask[]): OpStep => ({ index: 0, wave: 0, tasks, waitForHealth: true });
const plain = [task('apply', 'cm')];
const hooks = [task('hook', 'migrate')];

test('the first write to the cluster of an attempt finds its state durable; later waves of plain objects do not wait for a write', () => {
  const run = (tasks: SyncTask[]): OpAction => ({ kind: 'run', step: step(tasks), tasks });
  assert.equal(durableBefore(run(plain), false), true, 'the first run: identity, start and revision first');
  assert.equal(durableBefore(run(plain), true), false, 'a later wave is re-applied after a restart');
  assert.equal(durableBefore(run(hooks), true), false, 'hooks carry the operation id and are adopted');
});

test('hooks being deleted or awaited find the state durable (a deleted hook is known finished; a running one by uid)', () => {
  assert.equal(durableBefore({ kind: 'cleanup', tasks: hooks }, true), true);
  assert.equal(durableBefore({ kind: 'terminateHooks', tasks: hooks }, true), true);
  const wait = (tasks: SyncTask[]): OpAction => ({ kind: 'await', step: step(tasks), tasks, until: 0 });
  assert.equal(durableBefore(wait(hooks), true), true);
  assert.equal(durableBefore(wait(plain), true), false, 'waiting for plain objects writes nothing');
});

test('planning, the pre-flight dry runs and retry waits write nothing to the cluster and need no write first', () => {
  assert.equal(durableBefore({ kind: 'plan' }, false), false);
  assert.equal(durableBefore({ kind: 'preflight', steps: {} as OpSteps }, false), false);
  assert.equal(durableBefore({ kind: 'retryWait', until: 0 }, false), false);
});
