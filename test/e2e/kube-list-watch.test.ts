// ListWatch against the real API server: a watch from an expired resourceVersion gets a real 410 and recovers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { clientListWatchApi, ListWatch, type ListWatchApi, type ListWatchError } from '../../src/kube/list-watch.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { configMap, kubeFixture, type KubeFixture } from './kube-helpers.js';
import { waitFor } from './support/cluster.js';

let f: KubeFixture;
before(async () => (f = await kubeFixture('kube-lw')));
after(async () => f?.cleanup());

test('a watch from resourceVersion 1 gets 410 Gone; the loop re-lists and keeps delivering events', async () => {
  const cms = await f.res('', 'ConfigMap');
  await f.client.create(cms, configMap(f.ns, 'before'));
  const real = clientListWatchApi(f.client, cms, { namespace: f.ns });
  let forced = 0;
  // The first watch asks for a version the server has long forgotten, so the server itself answers 410.
  const api: ListWatchApi = {
    list: (o) => real.list(o),
    watch: (o) => real.watch(forced++ === 0 ? { ...o, resourceVersion: '1' } : o),
  };
  const seen = new Map<string, KubeObject>();
  const errors: ListWatchError[] = [];
  const lw = new ListWatch({
    name: 'configmaps',
    api,
    handler: {
      replace: (items) => {
        seen.clear();
        for (const i of items) seen.set(i.metadata.name ?? '', i);
      },
      event: (type, obj) => (type === 'DELETED' ? seen.delete(obj.metadata.name ?? '') : seen.set(obj.metadata.name ?? '', obj)),
      error: (e) => errors.push(e),
    },
  }).start();
  try {
    await lw.synced;
    assert.ok(seen.has('before'));
    await waitFor(async () => lw.counters.gone >= 1 && lw.counters.lists >= 2, { timeoutMs: 20_000, what: 'a 410 and a re-list' });
    await f.client.create(cms, configMap(f.ns, 'after'));
    await waitFor(async () => seen.has('after'), { timeoutMs: 20_000, what: 'the event after the re-list' });
    await f.client.delete(cms, 'before', { namespace: f.ns });
    await waitFor(async () => !seen.has('before'), { timeoutMs: 20_000, what: 'the delete event' });
    assert.deepEqual(errors, [], 'a single 410 is handled, not reported as a failure');
  } finally {
    await lw.stop();
  }
});
