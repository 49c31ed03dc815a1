import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PredictionCache, statusOnlyChange } from './prediction-cache.js';

test('a prediction holds for one live resourceVersion and one desired hash', () => {
  const c = new PredictionCache();
  c.set('u1', '10', 'h1', { kind: 'unchanged' });
  assert.deepEqual(c.get('u1', '10', 'h1'), { kind: 'unchanged' });
  assert.equal(c.get('u1', '11', 'h1'), undefined, 'a watch event (new resourceVersion) invalidates');
  assert.equal(c.get('u1', '10', 'h2'), undefined, 'a new commit (new desired) invalidates');
  assert.equal(c.get('u2', '10', 'h1'), undefined);
  assert.deepEqual(c.stats(), { hits: 1, dryRuns: 0, entries: 1 });
});

test('one entry per object; evict drops a deleted object; the backstop drops the oldest', () => {
  const c = new PredictionCache(2);
  c.set('u1', '1', 'h', { kind: 'unchanged' });
  c.set('u1', '2', 'h', { kind: 'fallback', reason: 'r' });
  assert.equal(c.stats().entries, 1);
  c.set('u2', '1', 'h', { kind: 'unchanged' });
  c.set('u3', '1', 'h', { kind: 'unchanged' });
  assert.equal(c.stats().entries, 2);
  assert.equal(c.get('u1', '2', 'h'), undefined);
  c.evict('u2');
  assert.equal(c.get('u2', '1', 'h'), undefined);
  assert.equal(c.stats().entries, 1);
});

const deployment = (rv: string, status: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', uid: 'u1', resourceVersion: rv, generation: 1, ...extra },
  spec: { replicas: 1 },
  status,
});

test('a status-only change moves an unchanged prediction to the new resourceVersion', () => {
  const c = new PredictionCache();
  c.set('u1', '10', 'h', { kind: 'unchanged' });
  assert.equal(c.carry(deployment('10', {}), deployment('11', { availableReplicas: 1 })), true);
  assert.deepEqual(c.get('u1', '11', 'h'), { kind: 'unchanged' });
  assert.equal(c.get('u1', '10', 'h'), undefined);
});

test('a change outside status, a predicted change or a stale entry is not carried', () => {
  const c = new PredictionCache();
  c.set('u1', '10', 'h', { kind: 'unchanged' });
  const annotated = deployment('11', {}, { annotations: { 'deployment.kubernetes.io/revision': '1' } });
  assert.equal(
    c.carry(deployment('10', {}), annotated),
    false,
    'metadata changed, and the entry knows no desired keys',
  );
  const scaled = { ...deployment('11', {}), spec: { replicas: 3 } };
  assert.equal(c.carry(deployment('10', {}), scaled), false, 'spec changed');
  assert.equal(c.carry(deployment('9', {}), deployment('11', {})), false, 'the entry is for another version');
  assert.equal(c.get('u1', '11', 'h'), undefined);
  c.set('u1', '10', 'h', { kind: 'predicted', predicted: deployment('10', {}) });
  assert.equal(
    c.carry(deployment('10', {}), deployment('11', { ready: 1 })),
    false,
    'a predicted object has the old status',
  );
});

test('statusOnlyChange ignores status and resourceVersion only', () => {
  assert.equal(statusOnlyChange(deployment('1', { a: 1 }), deployment('2', { a: 2 })), true);
  assert.equal(statusOnlyChange(deployment('1', {}), deployment('2', {}, { generation: 2 })), false);
});

test("another controller's annotations and labels carry an entry that knows the desired object's keys", () => {
  const desired = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', annotations: { team: 'a' }, labels: { app: 'web' } },
    spec: { replicas: 1 },
  };
  const live = (
    rv: string,
    annotations: Record<string, string>,
    labels: Record<string, string> = { app: 'web' },
  ) => deployment(rv, {}, { annotations, labels });
  const c = new PredictionCache();
  c.set('u1', '10', 'h', { kind: 'unchanged' }, desired);
  // The Deployment controller stamps its revision: not the apply's to change.
  assert.equal(
    c.carry(live('10', { team: 'a' }), live('11', { team: 'a', 'deployment.kubernetes.io/revision': '1' })),
    true,
  );
  assert.deepEqual(c.get('u1', '11', 'h'), { kind: 'unchanged' });
  // A foreign label added, changed, removed: carried.
  assert.equal(
    c.carry(live('11', { team: 'a' }), live('12', { team: 'a' }, { app: 'web', tier: 'x' })),
    true,
  );
  assert.equal(
    c.carry(live('12', { team: 'a' }, { app: 'web', tier: 'x' }), live('13', { team: 'a' })),
    true,
  );
  // Someone changes or removes what the desired object sets: the apply would take it back, so a dry run decides.
  assert.equal(
    c.carry(live('13', { team: 'a' }), live('14', { team: 'b' })),
    false,
    'desired annotation changed',
  );
  assert.equal(
    c.carry(live('13', { team: 'a' }), live('14', { team: 'a' }, {})),
    false,
    'desired label removed',
  );
  // Other metadata (finalizers, owners) is never carried.
  const finalized = {
    ...live('14', { team: 'a' }),
    metadata: { ...live('14', { team: 'a' }).metadata, finalizers: ['x'] },
  };
  assert.equal(c.carry(live('13', { team: 'a' }), finalized), false, 'finalizers changed');
  // A predicted change keeps no keys: nothing moves.
  c.set('u1', '20', 'h', { kind: 'predicted', predicted: live('20', {}) }, desired);
  assert.equal(c.carry(live('20', {}), live('21', { other: '1' })), false);
});
