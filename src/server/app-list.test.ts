import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, KubeObject } from '../model/index.js';
import { AppListSnapshot } from './app-list-snapshot.js';
import { listApplications } from './app-list.js';
import type { CacheListener, ReadPort } from './ports.js';

const NS = 'argocd';

function app(
  name: string,
  rv: string,
  project = 'default',
  labels: Record<string, string> = {},
): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: NS, uid: `uid-${name}`, resourceVersion: rv, labels },
    spec: {
      project,
      source: { repoURL: `https://git.example/${name}.git`, path: '.', targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
    },
    status: { sync: { status: 'Synced', revision: 'abc' }, health: { status: 'Healthy' } },
  } as Application;
}

/** A read port over a plain map that emits the cache's change events. */
function fakeRead(apps: Application[]) {
  const byName = new Map(apps.map((a) => [a.metadata.name, a]));
  const listeners = new Set<CacheListener>();
  const read = {
    namespace: NS,
    on: (l: CacheListener) => (listeners.add(l), () => listeners.delete(l)),
    apps: { list: () => [...byName.values()] },
  } as unknown as Pick<ReadPort, 'namespace' | 'on' | 'apps'>;
  const change = (type: 'added' | 'modified' | 'deleted', a: Application) => {
    if (type === 'deleted') byName.delete(a.metadata.name);
    else byName.set(a.metadata.name, a);
    for (const l of listeners) l(type, a as KubeObject, undefined);
  };
  return { read, change };
}

const all = () => true;
function list(s: AppListSnapshot, q: string, can: (object: string) => boolean = all) {
  const r = listApplications(s, new URLSearchParams(q), (_r, _a, o) => can(o));
  assert.ok('text' in r && typeof r.text === 'function');
  return {
    body: JSON.parse(r.text().toString()) as { metadata: Record<string, unknown>; items?: Application[] },
    etag: r.etag,
  };
}

test('the whole list is the same JSON as the objects, sorted by name', () => {
  const apps = [app('b', '2'), app('a', '1')];
  const s = new AppListSnapshot(fakeRead(apps).read);
  const { body } = list(s, '');
  assert.deepEqual(body, { metadata: {}, items: [apps[1], apps[0]] });
});

test('each app is serialized once per change and selection; repeated lists serialize nothing', () => {
  const { read, change } = fakeRead([app('a', '1'), app('b', '1'), app('c', '1')]);
  const s = new AppListSnapshot(read);
  list(s, 'fields=items.metadata.name');
  assert.equal(s.serialized, 3);
  list(s, 'fields=items.metadata.name');
  list(s, 'fields=items.metadata.name&limit=2');
  assert.equal(s.serialized, 3);
  change('modified', app('b', '2'));
  const { body } = list(s, 'fields=items.metadata.name,items.metadata.resourceVersion');
  assert.equal(s.serialized, 6); // a new selection: all three once
  assert.equal(body.items?.[1]?.metadata.resourceVersion, '2');
  list(s, '');
  assert.equal(s.serialized, 9);
  change('modified', app('c', '5'));
  list(s, '');
  assert.equal(s.serialized, 10);
});

test('fields: Argo CD paths select per item; without items.* no items; list metadata stays for paging', () => {
  const s = new AppListSnapshot(fakeRead([app('a', '1'), app('b', '1')]).read);
  const { body } = list(s, 'fields=items.metadata.name,items.status.sync.status&limit=1');
  assert.deepEqual(body.items, [{ metadata: { name: 'a' }, status: { sync: { status: 'Synced' } } }]);
  assert.equal(body.metadata.remainingItemCount, 1);
  const next = list(s, `fields=items.metadata.name&limit=1&continue=${String(body.metadata.continue)}`);
  assert.deepEqual(next.body, { metadata: {}, items: [{ metadata: { name: 'b' } }] });
  assert.deepEqual(list(s, 'fields=metadata').body, { metadata: {} });
  assert.equal(list(s, 'fields=items').body.items?.length, 2);
});

test('RBAC, projects, selector and repo filters apply per caller', () => {
  const apps = [app('a', '1', 'p1', { team: 'x' }), app('b', '1', 'p2', { team: 'y' }), app('c', '1', 'p1')];
  const s = new AppListSnapshot(fakeRead(apps).read);
  const names = (q: string, can?: (o: string) => boolean) =>
    list(s, q, can).body.items?.map((a) => a.metadata.name);
  assert.deepEqual(
    names('', (o) => o.startsWith('p1/')),
    ['a', 'c'],
  );
  assert.deepEqual(names('projects=p2'), ['b']);
  assert.deepEqual(names('selector=team=x'), ['a']);
  assert.deepEqual(names('repo=https://git.example/c.git'), ['c']);
  assert.deepEqual(
    names('fields=items.metadata.name', () => false),
    [],
  );
});

test('the ETag changes exactly when the answer would', () => {
  const { read, change } = fakeRead([app('a', '1'), app('b', '1')]);
  const s = new AppListSnapshot(read);
  const e1 = list(s, 'fields=items.metadata.name').etag;
  assert.equal(list(s, 'fields=items.metadata.name').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.namespace').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.name', (o) => o !== 'default/b').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.name&limit=1').etag, e1);
  change('modified', app('b', '2'));
  const e2 = list(s, 'fields=items.metadata.name').etag;
  assert.notEqual(e2, e1);
  change('added', app('c', '1'));
  assert.notEqual(list(s, 'fields=items.metadata.name').etag, e2);
  change('deleted', app('c', '1'));
  assert.equal(list(s, 'fields=items.metadata.name').etag, e2);
});
