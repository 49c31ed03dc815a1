// The owner the API shows, read from the shard Leases: live by renewTime, indices and hashing from annotations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownerOf } from './assign.js';
import { SHARD_BY_ANNOTATION, SHARD_INDEX_ANNOTATION, type LeaseObject } from './lease-object.js';
import { clusterPins, shardLayout, shardOfApp, shardOfCluster } from './shard-directory.js';
import { inClusterEntry } from '../../model/cluster-secret.js';

const lease = (holder: string, renewedAt: number, annotations: Record<string, string> = {}): LeaseObject => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: `driftless-controller-${holder}`, annotations },
  spec: { holderIdentity: holder, leaseDurationSeconds: 10, renewTime: new Date(renewedAt).toISOString() },
});

test('live replicas are the Leases renewed within their duration; indices and hashing come from annotations', () => {
  const now = Date.parse('2026-11-30T07:00:00Z');
  const layout = shardLayout(
    [
      lease('ctl-1', now - 2_000, { [SHARD_INDEX_ANNOTATION]: '1', [SHARD_BY_ANNOTATION]: 'app' }),
      lease('ctl-0', now - 9_999, { [SHARD_INDEX_ANNOTATION]: '0' }),
      lease('ctl-2', now - 10_000, { [SHARD_INDEX_ANNOTATION]: '2' }),
      lease('odd', now, { [SHARD_INDEX_ANNOTATION]: 'x' }),
    ],
    now,
  );
  assert.deepEqual(layout.members, ['ctl-0', 'ctl-1', 'odd']);
  assert.deepEqual(
    [...layout.indices],
    [
      ['ctl-1', 1],
      ['ctl-0', 0],
    ],
  );
  assert.equal(layout.by, 'app');
  const app = { namespace: 'argocd', name: 'web', server: 'https://spoke' };
  assert.deepEqual(shardOfApp(layout, app, new Map()), {
    replica: ownerOf(layout.members, 'argocd/web'),
    ...(layout.indices.has(ownerOf(layout.members, 'argocd/web') ?? '')
      ? { index: layout.indices.get(ownerOf(layout.members, 'argocd/web') ?? '') }
      : {}),
    placedBy: 'app',
    replicas: 3,
  });
  assert.deepEqual(shardOfApp(layout, app, new Map([['https://spoke', 1]])), {
    replica: 'ctl-1',
    index: 1,
    placedBy: 'shard',
    replicas: 3,
  });
  assert.equal(shardOfApp(shardLayout([], now), app, new Map()), undefined, 'no replicas share: no owner');
});

test("a cluster's owner is shown only when it is pinned or apps are placed by cluster", () => {
  const now = 1_000_000;
  const byApp = shardLayout([lease('a', now), lease('b', now, { [SHARD_INDEX_ANNOTATION]: '3' })], now);
  const spoke = { ...inClusterEntry(), server: 'https://spoke', inCluster: false };
  assert.equal(shardOfCluster(byApp, spoke), undefined);
  assert.equal(shardOfCluster(byApp, { ...spoke, shard: 3 })?.replica, 'b');
  const byCluster = shardLayout(
    [lease('a', now, { [SHARD_BY_ANNOTATION]: 'cluster' }), lease('b', now)],
    now,
  );
  assert.equal(shardOfCluster(byCluster, spoke)?.replica, ownerOf(['a', 'b'], 'https://spoke'));
  assert.deepEqual(
    [...clusterPins([spoke, { ...spoke, server: 'https://p', shard: 2 }])],
    [['https://p', 2]],
  );
});
