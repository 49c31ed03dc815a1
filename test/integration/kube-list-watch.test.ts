// ListWatch against the real API server: a watch from a resourceVersion the server has dropped gets a real
// 410 Gone, and the loop re-lists and keeps delivering events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isGone } from '../../src/kube/api-error.js';
import type { ApiResource } from '../../src/kube/api-resource.js';
import { CRD_RESOURCE, ensureCrds } from '../../src/kube/crds.js';
import {
  clientListWatchApi,
  ListWatch,
  type ListWatchApi,
  type ListWatchError,
} from '../../src/kube/list-watch.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { kubeFixture, type KubeFixture } from './kube-helpers.js';
import { randomSuffix, waitFor } from '../e2e/support/cluster.js';

let f: KubeFixture;
const group = `lw${randomSuffix()}.driftless.test`;

before(async () => (f = await kubeFixture('kube-lw')));
after(async () => {
  await f?.client.delete(CRD_RESOURCE, `probes.${group}`).catch(() => undefined);
  await f?.cleanup();
});

/** Whether a watch from `rv` is refused with 410 (the server no longer keeps history that old). */
async function watchIsGone(f: KubeFixture, res: ApiResource, rv: string): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 5000);
  try {
    for await (const _ev of f.client.watch(res, {
      resourceVersion: rv,
      timeoutSeconds: 5,
      signal: abort.signal,
    }))
      break;
    return false;
  } catch (err) {
    if (isGone(err)) return true;
    throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

test(
  'a watch from an expired resourceVersion gets 410 Gone; the loop re-lists and keeps delivering',
  { timeout: 300_000 },
  async () => {
    // A type of our own, so its watch-cache history is ours alone. The API server keeps at least 75 s of
    // events (its history window) and starts with room for 100, so: ~100 events at once, then one at a
    // time until the window has passed and the server drops the oldest — exactly what a client that was
    // away too long meets in production.
    await ensureCrds(
      f.client,
      [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `probes.${group}` },
          spec: {
            group,
            scope: 'Cluster',
            names: { plural: 'probes', singular: 'probe', kind: 'Probe' },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            ],
          },
        },
      ],
      { discovery: f.discovery, timeoutMs: 30_000 },
    );
    const res = await f.res(group, 'Probe');
    const first: KubeObject = await f.client.apply<KubeObject>(
      res,
      { apiVersion: `${group}/v1`, kind: 'Probe', metadata: { name: 'p' }, spec: { n: 0 } },
      { fieldManager: 'e2e' },
    );
    const oldRv = first.metadata.resourceVersion ?? '';
    let n = 0;
    const bump = (): Promise<KubeObject> => f.client.patch(res, 'p', { spec: { n: ++n } }, { type: 'merge' });
    for (let i = 0; i < 95; i++) await bump();
    await waitFor(async () => (await bump(), await watchIsGone(f, res, oldRv)), {
      timeoutMs: 240_000,
      intervalMs: 1000,
      what: `the server to expire resourceVersion ${oldRv}`,
    });

    // The first watch resumes from the expired version, as a ListWatch that was disconnected would.
    const real = clientListWatchApi(f.client, res);
    let watches = 0;
    const api: ListWatchApi = {
      list: (o) => real.list(o),
      watch: (o) => real.watch(watches++ === 0 ? { ...o, resourceVersion: oldRv } : o),
    };
    let latest: KubeObject | undefined;
    const errors: ListWatchError[] = [];
    const lw = new ListWatch({
      name: `probes.${group}`,
      api,
      handler: {
        replace: (items) => (latest = items.find((i) => i.metadata.name === 'p')),
        event: (_type, obj) => (latest = obj),
        error: (e) => errors.push(e),
      },
    }).start();
    try {
      await lw.synced;
      await waitFor(async () => lw.counters.gone >= 1 && lw.counters.lists >= 2, {
        timeoutMs: 30_000,
        what: 'a 410 and a re-list',
      });
      await bump();
      await waitFor(async () => (latest?.spec as { n?: number } | undefined)?.n === n, {
        timeoutMs: 30_000,
        what: `the event for n=${n}`,
      });
      assert.deepEqual(errors, [], 'a single 410 is handled, not reported as a failure');
    } finally {
      await lw.stop();
    }
  },
);
