import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, OperationState } from '../model/index.js';
import { appendHistory, mergeConditions, shouldAutoSync, statusHeartbeatMs } from './app-status.js';

function app(extra: Partial<Application> = {}): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'a', namespace: 'argocd' },
    spec: {
      project: 'default',
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true } },
    },
    ...extra,
  };
}

function op(phase: OperationState['phase'], revision: string, automated = true): OperationState {
  return {
    operation: { sync: { revision }, initiatedBy: { automated } },
    phase,
    startedAt: 't',
    syncResult: { resources: [], revision },
  };
}

test('conditions keep their transition time while unchanged and drop when resolved', () => {
  const first = mergeConditions(undefined, [{ type: 'ComparisonError', message: 'x' }], 't1');
  const second = mergeConditions(first, [{ type: 'ComparisonError', message: 'x' }], 't2');
  assert.equal(second[0]?.lastTransitionTime, 't1');
  assert.deepEqual(mergeConditions(second, [], 't3'), []);
});

test('history ids increase and the list is trimmed to revisionHistoryLimit', () => {
  let a = app({ spec: { ...app().spec, revisionHistoryLimit: 2 } });
  for (const rev of ['r1', 'r2', 'r3']) {
    const history = appendHistory(a, { revision: rev, deployedAt: 'd', deployStartedAt: 's' });
    a = { ...a, status: { ...a.status, history } };
  }
  assert.deepEqual(
    a.status?.history?.map((h) => [h.id, h.revision]),
    [
      [1, 'r2'],
      [2, 'r3'],
    ],
  );
});

const autoCases: [string, Application, 'Synced' | 'OutOfSync', boolean][] = [
  ['off when not automated', app({ spec: { ...app().spec, syncPolicy: {} } }), 'OutOfSync', false],
  ['nothing to do when synced', app(), 'Synced', false],
  ['a new revision syncs', app({ status: { operationState: op('Succeeded', 'old') } }), 'OutOfSync', true],
  [
    'drift after a sync of the same revision waits without selfHeal',
    app({ status: { operationState: op('Succeeded', 'rev') } }),
    'OutOfSync',
    false,
  ],
  [
    'drift after a sync of the same revision heals with selfHeal',
    app({
      spec: { ...app().spec, syncPolicy: { automated: { selfHeal: true } } },
      status: { operationState: op('Succeeded', 'rev') },
    }),
    'OutOfSync',
    true,
  ],
  [
    'a failed automated sync of this revision is not repeated',
    app({ status: { operationState: op('Failed', 'rev') } }),
    'OutOfSync',
    false,
  ],
  [
    'a manual sync of this revision counts as attempted',
    app({ status: { operationState: op('Succeeded', 'rev', false) } }),
    'OutOfSync',
    false,
  ],
  [
    'a failed manual sync of this revision is not repeated, even with selfHeal',
    app({
      spec: { ...app().spec, syncPolicy: { automated: { selfHeal: true } } },
      status: { operationState: op('Failed', 'rev', false) },
    }),
    'OutOfSync',
    false,
  ],
  ['an operation in flight blocks', app({ operation: { sync: {} } }), 'OutOfSync', false],
];
for (const [name, a, status, want] of autoCases) {
  test(`auto-sync: ${name}`, () => assert.equal(shouldAutoSync(a, status, 'rev').sync, want));
}

test('auto-sync: a changed source at the same revision is a new attempt; targetRevision alone is not', () => {
  const source = { repoURL: 'https://git.example/r', path: 'bad', targetRevision: 'HEAD' };
  const failed: OperationState = {
    ...op('Failed', 'rev'),
    syncResult: { resources: [], revision: 'rev', source },
  };
  const withSource = (s: typeof source) =>
    app({ spec: { ...app().spec, source: s }, status: { operationState: failed } });
  assert.equal(shouldAutoSync(withSource(source), 'OutOfSync', 'rev').sync, false);
  assert.equal(
    shouldAutoSync(withSource({ ...source, targetRevision: 'main' }), 'OutOfSync', 'rev').sync,
    false,
  );
  assert.equal(shouldAutoSync(withSource({ ...source, path: 'good' }), 'OutOfSync', 'rev').sync, true);
});

test('auto-sync: a failed attempt holds back with a SyncError naming the revision and the failure', () => {
  const failed: OperationState = {
    ...op('Failed', 'rev'),
    message: 'pre-flight failed, nothing was applied: x',
  };
  const decision = shouldAutoSync(app({ status: { operationState: failed } }), 'OutOfSync', 'rev');
  assert.deepEqual(decision.condition, {
    type: 'SyncError',
    message: 'Failed sync attempt to rev: pre-flight failed, nothing was applied: x',
  });
  assert.equal(shouldAutoSync(app(), 'OutOfSync', 'rev').condition, undefined);
});

test('the status heartbeat is ten minutes for a small fleet and spaces out to two writes a second for a large one', () => {
  const poll = 180_000;
  assert.equal(statusHeartbeatMs(poll, 0), 600_000);
  assert.equal(statusHeartbeatMs(poll, 1_000), 600_000, '1,000 apps: under two a second already');
  assert.equal(statusHeartbeatMs(poll, 10_000), 5_000_000, '10,000 apps: each every 83 min');
  for (const apps of [1_000, 10_000, 50_000])
    assert.ok(
      apps / (statusHeartbeatMs(poll, apps) / 1_000) <= 2,
      `${apps} apps: at most two writes a second`,
    );
  assert.equal(statusHeartbeatMs(3_600_000, 100), 3_600_000, 'never more often than the app is polled');
});
