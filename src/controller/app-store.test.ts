// Read-your-writes on plain objects: the cache, our own writes, the API server, and waiting for a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import type { Application } from '../model/index.js';
import { AppStore } from './app-store.js';

function fakeCache() {
  const objects = new Map<string, KubeObject>();
  const listeners = new Set<(t: string, o: KubeObject) => void>();
  return {
    objects,
    put(o: KubeObject) {
      objects.set(String(o.metadata.name), o);
      for (const l of listeners) l('modified', o);
    },
    remove(name: string) {
      const o = objects.get(name);
      objects.delete(name);
      if (o) for (const l of listeners) l('deleted', o);
    },
    get: (k: { name: string }) => objects.get(k.name),
    list: () => [...objects.values()],
    on(l: (t: string, o: KubeObject) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const app = (name: string, rv: string, uid = `uid-${name}`, extra: Partial<Application['metadata']> = {}) =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', uid, resourceVersion: rv, ...extra },
    spec: { project: 'default', destination: {}, source: { repoURL: 'r' } },
  }) as unknown as Application;

function setup(server: Map<string, Application>) {
  const cache = fakeCache();
  let fetches = 0;
  const store = new AppStore(cache as never, 'argocd', {
    app: async (name) => {
      fetches++;
      return server.get(name);
    },
    project: async () => undefined,
  });
  return { cache, store, fetches: () => fetches };
}

test('an app the cache has not seen yet is read from the API server; an absent one is undefined', async () => {
  const server = new Map([['new', app('new', '5')]]);
  const { store, fetches } = setup(server);
  assert.equal((await store.read('new'))?.metadata.resourceVersion, '5');
  assert.equal(await store.read('nope'), undefined);
  assert.equal(fetches(), 2);
  assert.equal(store.get('new'), undefined, 'the controller view stays the cache');
});

test('a cached app is answered from the cache, or from our newer write without asking the server', async () => {
  const { cache, store, fetches } = setup(new Map());
  cache.put(app('a', '10'));
  assert.equal((await store.read('a'))?.metadata.resourceVersion, '10');
  store.remember(app('a', '12'));
  assert.equal((await store.read('a'))?.metadata.resourceVersion, '12');
  cache.put(app('a', '13'));
  assert.equal((await store.read('a'))?.metadata.resourceVersion, '13');
  assert.equal(fetches(), 0);
});

test('after we delete an app the cache still holds, reads ask the server (404), then follow a re-create', async () => {
  const server = new Map<string, Application>();
  const { cache, store } = setup(server);
  cache.put(app('d', '20', 'old'));
  store.rememberDeleted(app('d', '20', 'old'));
  assert.equal(await store.read('d'), undefined);
  server.set('d', app('d', '30', 'new'));
  assert.equal((await store.read('d'))?.metadata.uid, 'new');
  cache.remove('d');
  cache.put(app('d', '30', 'new'));
  assert.equal((await store.read('d'))?.metadata.uid, 'new');
});

test('until resolves on the change that satisfies it, or with the latest copy at the deadline', async () => {
  const { cache, store } = setup(new Map());
  cache.put(app('w', '1', 'u', { annotations: { refresh: 'hard' } }));
  const waiting = store.until('w', (a) => !a.metadata.annotations?.refresh, 60_000);
  cache.put(app('w', '2', 'u', { annotations: { refresh: 'hard' } }));
  cache.put(app('w', '3', 'u'));
  assert.equal((await waiting)?.metadata.resourceVersion, '3');
  // until's timer is unref'd (a pending wait must not hold a stopping server): keep this test's loop alive.
  const keepAlive = setInterval(() => {}, 1_000);
  const timedOut = await store.until('w', () => false, 10);
  clearInterval(keepAlive);
  assert.equal(timedOut?.metadata.resourceVersion, '3');
});
