// LiveCache against the real control plane: a Deployment's ReplicaSet and Pods by owner, tracking, trimming.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveCache } from '../../src/kube/live-cache.js';
import type { CacheEventType } from '../../src/kube/live-store.js';
import { ANNOTATION_LAST_APPLIED } from '../../src/kube/trim.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { formatTrackingId } from '../../src/model/tracking.js';
import { configMap, kubeFixture, type KubeFixture } from './kube-helpers.js';
import { waitFor } from '../e2e/support/cluster.js';

let f: KubeFixture;
let cache: LiveCache;
const events: { type: CacheEventType; obj: KubeObject }[] = [];

before(async () => {
  f = await kubeFixture('kube-cache');
  cache = new LiveCache({ client: f.client, discovery: f.discovery });
  cache.on((type, obj) => {
    if (obj.metadata.namespace === f.ns) events.push({ type, obj });
  });
  await cache.start();
  await cache.synced();
});
after(async () => {
  await cache?.stop();
  await f?.cleanup();
});

test('watches the discovered types, skipping noisy ones', () => {
  const kinds = cache.watchedTypes().map((r) => `${r.group}/${r.kind}`);
  for (const k of ['/ConfigMap', '/Pod', 'apps/Deployment', 'apps/ReplicaSet', '/Namespace'])
    assert.ok(kinds.includes(k), k);
  for (const k of ['/Event', 'events.k8s.io/Event', 'coordination.k8s.io/Lease', '/Endpoints'])
    assert.ok(!kinds.includes(k), k);
  assert.ok(
    cache.get({ group: '', kind: 'Namespace', namespace: '', name: f.ns }),
    'our namespace is cached',
  );
});

test('a Deployment, its ReplicaSet and Pods are linked by owner and the app is indexed', async () => {
  const deploys = await f.res('apps', 'Deployment');
  const key = { group: 'apps', kind: 'Deployment', namespace: f.ns, name: 'web' };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: f.ns,
      labels: { 'app.kubernetes.io/instance': 'guestbook' },
      annotations: {
        'argocd.argoproj.io/tracking-id': formatTrackingId('guestbook', key),
        [ANNOTATION_LAST_APPLIED]: '{"x":1}',
      },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    },
  };
  const live = await f.client.apply(deploys, deployment, { fieldManager: 'driftless' });
  const uid = live.metadata.uid ?? '';

  const cached = await waitFor(async () => cache.get(key), {
    timeoutMs: 30_000,
    what: 'the Deployment in the cache',
  });
  assert.deepEqual(
    cached.metadata.managedFields?.map((m) => (m as { manager?: string }).manager),
    ['driftless'],
  );
  // A tracked object keeps last-applied: the comparison's three-way rule reads it (ADR 0011).
  assert.equal(cached.metadata.annotations?.[ANNOTATION_LAST_APPLIED], '{"x":1}');
  assert.deepEqual(
    // Other runs on a shared cluster may track their own `guestbook`: only this run's namespace counts.
    cache
      .byTrackingInstance('guestbook')
      .filter((o) => o.metadata.namespace === f.ns)
      .map((o) => o.metadata.name),
    ['web'],
  );
  assert.deepEqual(
    cache
      .byInstanceLabel('guestbook')
      .filter((o) => o.metadata.namespace === f.ns)
      .map((o) => o.metadata.name),
    ['web'],
  );

  const [rs] = await waitFor(
    async () => (cache.childrenOf(uid).length > 0 ? cache.childrenOf(uid) : undefined),
    {
      timeoutMs: 60_000,
      what: 'the ReplicaSet owned by the Deployment',
    },
  );
  assert.equal(rs?.kind, 'ReplicaSet');
  assert.ok(!rs?.metadata.managedFields, 'controller-manager managedFields are dropped');
  const pods = await waitFor(
    async () =>
      cache.childrenOf(rs?.metadata.uid ?? '').length >= 2
        ? cache.childrenOf(rs?.metadata.uid ?? '')
        : undefined,
    { timeoutMs: 60_000, what: 'two Pods owned by the ReplicaSet' },
  );
  assert.ok(pods.every((p) => p.kind === 'Pod' && p.metadata.namespace === f.ns));
  assert.equal(cache.getByUid(uid)?.metadata.name, 'web');
  assert.ok(events.some((e) => e.type === 'added' && e.obj.kind === 'Deployment'));

  const stats = cache.stats();
  assert.ok(stats.objects > 0 && stats.approxBytes > 0);
  assert.ok(stats.types.some((t) => t.kind === 'Pod' && t.objects >= 2));
});

test('deletions reach the cache and its listeners', async () => {
  const cms = await f.res('', 'ConfigMap');
  await f.client.create(cms, configMap(f.ns, 'short-lived'));
  const key = { group: '', kind: 'ConfigMap', namespace: f.ns, name: 'short-lived' };
  await waitFor(async () => cache.get(key), { timeoutMs: 20_000, what: 'the ConfigMap in the cache' });
  await f.client.delete(cms, 'short-lived', { namespace: f.ns });
  await waitFor(async () => !cache.get(key), {
    timeoutMs: 20_000,
    what: 'the ConfigMap gone from the cache',
  });
  const mine = events.filter((e) => e.obj.metadata.name === 'short-lived').map((e) => e.type);
  assert.deepEqual(mine, ['added', 'deleted']);
});
