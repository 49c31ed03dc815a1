// KubeClient and Discovery against the real API server: CRUD, server-side apply, dry runs, errors, paging, watch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isAlreadyExists,
  isConflict,
  isInvalid,
  isNotFound,
  KubeApiError,
} from '../../src/kube/api-error.js';
import type { ApiResource } from '../../src/kube/api-resource.js';
import type { WatchEvent } from '../../src/kube/client.js';
import { configMap, kubeFixture, type KubeFixture } from './kube-helpers.js';
import { waitFor } from '../e2e/support/cluster.js';

let f: KubeFixture;
let cms: ApiResource;

before(async () => {
  f = await kubeFixture('kube-client');
  cms = await f.res('', 'ConfigMap');
});
after(async () => f?.cleanup());

test('discovery and server version', async () => {
  const v = await f.discovery.serverVersion();
  assert.match(v.gitVersion, /^v1\.\d+\.\d+/);
  const d = await f.res('apps', 'Deployment');
  assert.deepEqual([d.resource, d.version, d.namespaced], ['deployments', 'v1', true]);
  assert.ok(d.subresources?.includes('status'));
  assert.equal(await f.discovery.find('nope.example', 'Thing'), undefined);
  await assert.rejects(f.discovery.require('nope.example/v1', 'Thing'), /does not serve Thing/);
});

test('create, get, replace, patch, delete, with typed errors', async () => {
  const { client, ns } = f;
  const created = await client.create(cms, configMap(ns, 'crud', { a: '1' }));
  assert.ok(created.metadata.uid);
  await assert.rejects(client.create(cms, configMap(ns, 'crud')), (e: unknown) => isAlreadyExists(e));
  await assert.rejects(client.create(cms, configMap(ns, 'Bad_Name')), (e: unknown) => isInvalid(e));

  const got = await client.get(cms, 'crud', { namespace: ns });
  assert.deepEqual(got.data, { a: '1' });
  const replaced = await client.replace(cms, { ...got, data: { a: '2' } });
  // The old resourceVersion is now stale: a second replace with it conflicts.
  await assert.rejects(client.replace(cms, { ...got, data: { a: '3' } }), (e: unknown) => isConflict(e));
  assert.deepEqual(replaced.data, { a: '2' });

  const merged = await client.patch(cms, 'crud', { data: { b: 'x' } }, { type: 'merge', namespace: ns });
  assert.deepEqual(merged.data, { a: '2', b: 'x' });
  const strategic = await client.patch(
    cms,
    'crud',
    { data: { c: 'y' } },
    { type: 'strategic', namespace: ns },
  );
  assert.equal(strategic.data && (strategic.data as Record<string, string>).c, 'y');
  const json = await client.patch(cms, 'crud', [{ op: 'remove', path: '/data/a' }], {
    type: 'json',
    namespace: ns,
  });
  assert.deepEqual(json.data, { b: 'x', c: 'y' });

  await client.delete(cms, 'crud', { namespace: ns, dryRun: true });
  await client.get(cms, 'crud', { namespace: ns });
  await client.delete(cms, 'crud', { namespace: ns });
  await assert.rejects(client.get(cms, 'crud', { namespace: ns }), (e: unknown) => {
    assert.ok(e instanceof KubeApiError && isNotFound(e));
    assert.match(e.message, /configmaps "crud" not found/);
    return true;
  });
});

test('server-side apply: create, update, dry run, conflicts and force', async () => {
  const { client, ns } = f;
  const applied = await client.apply(cms, configMap(ns, 'ssa', { k: 'v1' }), { fieldManager: 'driftless' });
  assert.ok(applied.metadata.managedFields?.some((m) => (m as { manager?: string }).manager === 'driftless'));

  const dry = await client.apply(cms, configMap(ns, 'ssa', { k: 'dry' }), {
    fieldManager: 'driftless',
    dryRun: true,
  });
  assert.deepEqual(dry.data, { k: 'dry' });
  assert.deepEqual(
    (await client.get(cms, 'ssa', { namespace: ns })).data,
    { k: 'v1' },
    'dry run changed nothing',
  );

  const dryNew = await client.apply(cms, configMap(ns, 'ssa-dry'), {
    fieldManager: 'driftless',
    dryRun: true,
  });
  assert.equal(dryNew.metadata.name, 'ssa-dry');
  await assert.rejects(client.get(cms, 'ssa-dry', { namespace: ns }), (e: unknown) => isNotFound(e));

  // Another manager owning k conflicts unless forced.
  await assert.rejects(
    client.apply(cms, configMap(ns, 'ssa', { k: 'other' }), { fieldManager: 'someone-else' }),
    (e: unknown) => isConflict(e),
  );
  const forced = await client.apply(cms, configMap(ns, 'ssa', { k: 'other' }), {
    fieldManager: 'someone-else',
    force: true,
  });
  assert.deepEqual(forced.data, { k: 'other' });
});

test('list pages with limit/continue and a label selector', async () => {
  const { client, ns } = f;
  for (let i = 0; i < 5; i++) {
    const cm = configMap(ns, `page-${i}`);
    await client.create(cms, { ...cm, metadata: { ...cm.metadata, labels: { set: 'paging' } } });
  }
  const names: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.list(cms, {
      namespace: ns,
      labelSelector: 'set=paging',
      limit: 2,
      ...(token ? { continue: token } : {}),
    });
    names.push(...page.items.map((i) => i.metadata.name ?? ''));
    assert.ok(page.items.every((i) => i.kind === 'ConfigMap' && i.apiVersion === 'v1'));
    token = page.metadata.continue;
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(names.sort(), ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  const all = await client.listAll(cms, { namespace: ns, labelSelector: 'set=paging', limit: 2 });
  assert.equal(all.items.length, 5);
});

test('watch streams ADDED, MODIFIED, DELETED and stops on abort', async () => {
  const { client, ns } = f;
  const start = await client.list(cms, { namespace: ns, limit: 1 });
  const abort = new AbortController();
  const events: WatchEvent[] = [];
  const watching = (async () => {
    for await (const ev of client.watch(cms, {
      namespace: ns,
      resourceVersion: start.metadata.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: 60,
      signal: abort.signal,
    })) {
      if (ev.object.metadata.name === 'watched') events.push(ev);
    }
  })();
  await client.create(cms, configMap(ns, 'watched', { a: '1' }));
  await client.patch(cms, 'watched', { data: { a: '2' } }, { type: 'merge', namespace: ns });
  await client.delete(cms, 'watched', { namespace: ns });
  await waitFor(async () => events.length >= 3, { timeoutMs: 20_000, what: 'three watch events' });
  abort.abort();
  await watching; // ends quietly on abort
  assert.deepEqual(
    events.map((e) => e.type),
    ['ADDED', 'MODIFIED', 'DELETED'],
  );
});

test('raw request reaches any path', async () => {
  const health = await f.client.request<unknown>({ method: 'GET', path: '/version' });
  assert.ok(health && typeof health === 'object');
});
