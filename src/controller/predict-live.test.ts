// The server-side diff's dry runs as a sync's pre-flight sees them: a passed dry run is found again only
// for the same desired object, validation and live resourceVersion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResource } from '../kube/api-resource.js';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeObject } from '../model/index.js';
import type { ClusterTarget } from './cluster-caches.js';
import type { ControllerContext } from './context.js';
import { dryRunPassed, predictLive } from './predict-live.js';
import { PredictionCache } from './prediction-cache.js';

const res: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  verbs: ['patch'],
};
const cm = (name: string, data: Record<string, string>, rv?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'app', ...(rv ? { uid: `uid-${name}`, resourceVersion: rv } : {}) },
  data,
});

/** A target whose live cache holds `live` and whose server answers dry runs (refusing `refuse`). */
function target(live: KubeObject[], refuse: readonly string[] = []) {
  const byName = new Map(live.map((o) => [o.metadata.name, o]));
  const calls: string[] = [];
  const t = {
    server: 'https://kubernetes.default.svc',
    client: {
      apply: (_r: ApiResource, o: KubeObject, opts: { fieldValidation?: string }) => {
        calls.push(`${o.metadata.name ?? ''} ${opts.fieldValidation ?? ''}`);
        if (refuse.includes(o.metadata.name ?? ''))
          return Promise.reject(
            new KubeApiError('field not declared', {
              code: 422,
              reason: 'Invalid',
              method: 'PATCH',
              path: '/x',
            }),
          );
        return Promise.resolve({ ...o, metadata: { ...byName.get(o.metadata.name)?.metadata } });
      },
    },
    discovery: { find: () => Promise.resolve(res) },
    cache: { get: (k: { name: string }) => byName.get(k.name) },
    predictions: new PredictionCache(),
  } as unknown as ClusterTarget;
  return { target: t, calls, live: byName };
}

const ctx = { config: { fieldManager: 'driftless' } } as ControllerContext;

test("the comparison's passed dry run is found for the same object, validation and live version only", async () => {
  const desired = cm('web', { a: '1' });
  const { target: t, calls, live } = target([cm('web', { a: '1' }, '7')]);
  assert.equal(dryRunPassed(ctx, t, desired, true), false, 'nothing predicted yet');
  await predictLive(ctx, t, { desired: [desired], appSyncOptions: undefined, bypassCache: false });
  assert.deepEqual(calls, ['web Strict']);
  assert.equal(dryRunPassed(ctx, t, desired, true), true);
  assert.equal(dryRunPassed(ctx, t, cm('web', { a: '2' }), true), false, 'another desired object');
  assert.equal(dryRunPassed(ctx, t, desired, false), false, 'Validate=false is another dry run');
  live.set('web', cm('web', { a: '1' }, '8'));
  assert.equal(dryRunPassed(ctx, t, desired, true), false, 'the live object changed since');
});

test('a refused dry run or an object not live yet never counts as passed', async () => {
  const bad = cm('bad', { a: '1' });
  const { target: t } = target([cm('bad', {}, '3')], ['bad']);
  const out = await predictLive(ctx, t, {
    desired: [bad, cm('new', { b: '1' })],
    appSyncOptions: undefined,
    bypassCache: false,
  });
  assert.equal(out.get('/ConfigMap/app/bad')?.kind, 'fallback');
  assert.equal(dryRunPassed(ctx, t, bad, true), false);
  assert.equal(dryRunPassed(ctx, t, cm('new', { b: '1' }), true), false);
});
