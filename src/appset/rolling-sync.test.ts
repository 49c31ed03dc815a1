// RollingSync decisions on plain objects: steps by labels, maxUpdate, a step waits for the ones before it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Application, ApplicationSet } from '../model/index.js';
import { maxUpdateOf, planRollout, rolloutOperation, withoutAutoSync } from './rolling-sync.js';
import { appSetOf } from './testing/deps.js';

function app(name: string, env: string, sync: 'Synced' | 'OutOfSync', health = 'Healthy'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, labels: { env } },
    spec: { project: 'default', destination: {} },
    status: { sync: { status: sync }, health: { status: health as 'Healthy' } },
  } as Application;
}

const set = (status?: ApplicationSet['status']): ApplicationSet => ({
  ...appSetOf({
    strategy: {
      type: 'RollingSync',
      rollingSync: {
        steps: [
          { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }] },
          { matchExpressions: [{ key: 'env', operator: 'In', values: ['production'] }], maxUpdate: '50%' },
        ],
      },
    },
  }),
  ...(status ? { status } : {}),
});

describe('RollingSync', () => {
  test('staging syncs first; production waits until staging is Healthy', () => {
    const apps = [
      app('s1', 'staging', 'OutOfSync'),
      app('p1', 'production', 'OutOfSync'),
      app('p2', 'production', 'OutOfSync'),
    ];
    const first = planRollout(set(), apps, 't0');
    assert.deepEqual(first.sync, ['s1']);
    assert.deepEqual(
      first.applicationStatus.map((s) => [s.application, s.status, s.step]),
      [
        ['p1', 'Waiting', '2'],
        ['p2', 'Waiting', '2'],
        ['s1', 'Pending', '1'],
      ],
    );
    // Staging still syncing: production does not move.
    const syncing = [
      { ...app('s1', 'staging', 'OutOfSync'), operation: {} } as Application,
      ...apps.slice(1),
    ];
    const second = planRollout(set({ applicationStatus: first.applicationStatus }), syncing, 't1');
    assert.deepEqual(second.sync, []);
    assert.equal(second.applicationStatus.find((s) => s.application === 's1')?.status, 'Progressing');
    // Staging Healthy: production starts, at most 50% of 2 = 1 at a time.
    const done = [app('s1', 'staging', 'Synced'), ...apps.slice(1)];
    const third = planRollout(set({ applicationStatus: second.applicationStatus }), done, 't2');
    assert.deepEqual(third.sync, ['p1']);
  });
  test('maxUpdate: number, percentage rounded down (at least 1), default all', () => {
    assert.equal(maxUpdateOf({ maxUpdate: 2 }, 5), 2);
    assert.equal(maxUpdateOf({ maxUpdate: '10%' }, 5), 1);
    assert.equal(maxUpdateOf({}, 5), 5);
  });
  test('auto-sync is taken off generated apps under RollingSync only', () => {
    const a = {
      ...app('x', 'staging', 'Synced'),
      spec: { project: 'p', destination: {}, syncPolicy: { automated: {}, syncOptions: ['A=b'] } },
    } as Application;
    assert.deepEqual(withoutAutoSync(set(), [a])[0]?.spec.syncPolicy, { syncOptions: ['A=b'] });
    assert.deepEqual(withoutAutoSync(appSetOf(), [a])[0]?.spec.syncPolicy?.automated, {});
  });
});

test('a rollout operation retries as an automated sync: the app’s retry, else Argo CD’s default of 5', () => {
  const base = app('a', 'dev', 'OutOfSync');
  assert.deepEqual(rolloutOperation(base)['retry'], { limit: 5 });
  const own = { ...base, spec: { ...base.spec, syncPolicy: { retry: { limit: 1 } } } };
  assert.deepEqual(rolloutOperation(own)['retry'], { limit: 1 });
});
