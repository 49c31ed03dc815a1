// Exactly-once bookkeeping: what starts, what is forgotten, retries with backoff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNotificationConfig } from './config.js';
import {
  afterFailure,
  planDeliveries,
  readState,
  stateAnnotations,
  type ConditionOutcome,
} from './delivery-state.js';
import { evaluateTriggers } from './triggers.js';

const sub = { trigger: 'on-sync-succeeded', service: 'hook', recipient: '' };
const outcome = (triggered: boolean, oncePer = '', hasOncePer = false): ConditionOutcome => ({
  trigger: 'on-sync-succeeded',
  index: 0,
  when: 'w',
  triggered,
  oncePer,
  hasOncePer,
  templates: ['t'],
});

describe('planDeliveries', () => {
  test('a condition that holds starts one delivery; holding again starts none', () => {
    const first = planDeliveries([outcome(true)], [sub], { notified: {}, pending: {} }, 1000);
    const [key] = Object.keys(first.start);
    assert.ok(key);
    const again = planDeliveries([outcome(true)], [sub], { notified: { [key]: 1 }, pending: {} }, 2000);
    assert.deepEqual(again.start, {});
    // Still pending (being retried): not started twice either.
    const pendingState = { notified: {}, pending: { [key]: first.start[key]! } };
    assert.deepEqual(planDeliveries([outcome(true)], [sub], pendingState, 3000).start, {});
  });
  test('without oncePer the flag resets when the condition stops holding; with oncePer it never does', () => {
    const [key] = Object.keys(planDeliveries([outcome(true)], [sub], { notified: {}, pending: {} }, 0).start);
    assert.deepEqual(
      planDeliveries([outcome(false)], [sub], { notified: { [key!]: 1 }, pending: {} }, 0).forget,
      [key],
    );
    const once = planDeliveries([outcome(true, 'abc', true)], [sub], { notified: {}, pending: {} }, 0);
    const [onceKey] = Object.keys(once.start);
    assert.match(onceKey!, /:abc:hook:$/);
    const notHolding = planDeliveries(
      [outcome(false, '', true)],
      [sub],
      { notified: { [onceKey!]: 1 }, pending: {} },
      0,
    );
    assert.deepEqual(notHolding.forget, []);
    // A new oncePer value (a new revision) is a new delivery.
    assert.equal(
      Object.keys(
        planDeliveries([outcome(true, 'def', true)], [sub], { notified: { [onceKey!]: 1 }, pending: {} }, 0)
          .start,
      ).length,
      1,
    );
  });
  test('state round-trips through annotations; empty maps remove them', () => {
    const ann = stateAnnotations({ notified: { a: 1 }, pending: {} });
    assert.equal(ann['notified.notifications.argoproj.io'], '{"a":1}');
    assert.equal(ann['notifications.driftless.dev/pending'], null);
    assert.deepEqual(readState({ 'notified.notifications.argoproj.io': '{"a":1}' }).notified, { a: 1 });
    assert.deepEqual(readState({ 'notified.notifications.argoproj.io': 'not json' }).notified, {});
  });
  test('retries back off exponentially, then give up', () => {
    const policy = { maxAttempts: 3, baseMs: 1000, maxMs: 1500 };
    const p = { trigger: 't', service: 's', recipient: '', templates: [], attempts: 0, notBefore: 0 };
    const one = afterFailure(p, 'boom', 10_000, policy);
    assert.equal(one?.notBefore, 11_000);
    const two = afterFailure(one!, 'boom', 20_000, policy);
    assert.equal(two?.notBefore, 21_500);
    assert.equal(afterFailure(two!, 'boom', 30_000, policy), undefined);
  });
});

describe('the default catalog against Argo CD app states (real expr engine)', () => {
  const { triggers } = parseNotificationConfig({}, {});
  const fired = (app: unknown): string[] =>
    evaluateTriggers(triggers.keys(), triggers, app)
      .outcomes.filter((o) => o.triggered)
      .map((o) => (o.oncePer ? `${o.trigger}@${o.oncePer}` : o.trigger))
      .sort();
  test('a succeeded, healthy sync: on-created, on-deployed once per revision, on-sync-succeeded', () => {
    const app = {
      metadata: { name: 'guestbook' },
      status: {
        sync: { status: 'Synced', revision: 'abc' },
        health: { status: 'Healthy' },
        operationState: { phase: 'Succeeded', syncResult: { revision: 'abc' } },
      },
    };
    assert.deepEqual(fired(app), ['on-created@guestbook', 'on-deployed@abc', 'on-sync-succeeded']);
  });
  test('a failed sync on a degraded app; a running sync; Unknown; a deletion', () => {
    const base = {
      metadata: { name: 'a' },
      status: { sync: { status: 'OutOfSync' }, health: { status: 'Degraded' } },
    };
    assert.deepEqual(fired({ ...base, status: { ...base.status, operationState: { phase: 'Failed' } } }), [
      'on-created@a',
      'on-health-degraded',
      'on-sync-failed',
    ]);
    assert.deepEqual(
      fired({
        metadata: { name: 'a' },
        status: {
          operationState: { phase: 'Running' },
          sync: { status: 'Unknown' },
          health: { status: 'Progressing' },
        },
      }),
      ['on-created@a', 'on-sync-running', 'on-sync-status-unknown'],
    );
    assert.ok(
      fired({ metadata: { name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z' }, status: {} }).includes(
        'on-deleted@a',
      ),
    );
  });
});
