import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, KubeObject } from '../model/index.js';
import type { ServerResponse } from 'node:http';
import { AppListSnapshot } from './app-list-snapshot.js';
import { listApplications } from './app-list.js';
import { AppStreamHub, streamFields } from './app-stream.js';
import { appFilter } from './app-query.js';
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
  // The `can` function stands for the policy: a different one must not see another's remembered apps.
  const r = listApplications(s, new URLSearchParams(q), (_r, _a, o) => can(o), { subjects: [], policy: can });
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

test('the ETag changes whenever the answer would, and only then within one visible answer', () => {
  const { read, change } = fakeRead([app('a', '1'), app('b', '1')]);
  const s = new AppListSnapshot(read);
  const e1 = list(s, 'fields=items.metadata.name').etag;
  assert.equal(list(s, 'fields=items.metadata.name').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.namespace').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.name', (o) => o !== 'default/b').etag, e1);
  assert.notEqual(list(s, 'fields=items.metadata.name&limit=1').etag, e1);
  const firstPage = list(s, 'fields=items.metadata.name&limit=1').etag;
  change('modified', app('b', '2'));
  const e2 = list(s, 'fields=items.metadata.name').etag;
  assert.notEqual(e2, e1);
  // b is not on the first page: that page's ETag stays.
  assert.equal(list(s, 'fields=items.metadata.name&limit=1').etag, firstPage);
  change('added', app('c', '1'));
  const e3 = list(s, 'fields=items.metadata.name').etag;
  assert.notEqual(e3, e2);
  // An app that came and went: a new answer, so a new ETag (never a stale 304).
  change('deleted', app('c', '1'));
  assert.notEqual(list(s, 'fields=items.metadata.name').etag, e3);
  // Another snapshot (a restarted server) never answers with the same ETag.
  assert.notEqual(list(new AppListSnapshot(read), 'fields=items.metadata.name').etag, e1);
});

/** A response that keeps what is written to it. */
function fakeResponse() {
  const writes: string[] = [];
  const res = {
    writableLength: 0,
    write: (d: string | Buffer) => (writes.push(d.toString()), true),
    on: () => res,
    end: () => undefined,
  } as unknown as ServerResponse;
  return { res, writes };
}

test('the event stream: current apps in one write from the list texts; each change serialized once for all', () => {
  const apps = [app('a', '1', 'p1'), app('b', '1', 'p2')];
  const { read, change } = fakeRead(apps);
  const snapshot = new AppListSnapshot(read);
  const hub = new AppStreamHub(read as ReadPort, snapshot, 60_000);
  list(snapshot, ''); // the list serialized both apps: the stream's first frames reuse those texts
  const before = snapshot.serialized;
  const clients = Array.from({ length: 5 }, (_, i) => {
    const out = fakeResponse();
    const can = i === 4 ? (o: string) => o.startsWith('p1/') : all;
    hub.add({ res: out.res, filter: appFilter(new URLSearchParams('')), can }, read.apps.list());
    return out;
  });
  assert.equal(snapshot.serialized, before);
  for (const [i, c] of clients.entries()) {
    assert.equal(c.writes.length, 1);
    const frames = c.writes[0]?.split('\n\n').filter(Boolean) ?? [];
    assert.equal(frames.length, i === 4 ? 1 : 2);
    assert.deepEqual(JSON.parse(frames[0]?.slice(6) ?? ''), {
      result: { type: 'ADDED', application: apps[0] },
    });
  }
  const changed = app('b', '2', 'p2');
  change('modified', changed);
  assert.equal(hub.serialized, 1);
  for (const [i, c] of clients.entries()) {
    if (i === 4) {
      assert.equal(c.writes.length, 1); // not allowed to see project p2
      continue;
    }
    assert.equal(c.writes.length, 2);
    assert.deepEqual(JSON.parse(c.writes[1]?.slice(6) ?? ''), {
      result: { type: 'MODIFIED', application: changed },
    });
  }
  // The list reuses the text the event serialized.
  const serialized = snapshot.serialized;
  list(snapshot, '');
  assert.equal(snapshot.serialized, serialized);
  change('deleted', changed);
  assert.equal(hub.serialized, 2);
  assert.match(clients[0]?.writes[2] ?? '', /^data: \{"result":\{"type":"DELETED"/);
  hub.close();
  snapshot.close();
});

test('visible apps are remembered per caller and policy until an app comes, goes or changes project or labels', () => {
  const apps = [app('a', '1', 'p1', { team: 'x' }), app('b', '1', 'p2', { team: 'y' })];
  const { read, change } = fakeRead(apps);
  const s = new AppListSnapshot(read);
  let checks = 0;
  const onlyP1 = (o: string) => (checks++, o.startsWith('p1/'));
  const names = (q: string) => list(s, q, onlyP1).body.items?.map((a) => a.metadata.name);
  assert.deepEqual(names(''), ['a']);
  assert.equal(checks, 2);
  // A status change: the same apps, no check, the new status in the answer.
  const synced = {
    ...app('a', '2', 'p1', { team: 'x' }),
    status: { sync: { status: 'OutOfSync' } },
  } as Application;
  change('modified', synced);
  assert.deepEqual(list(s, '', onlyP1).body.items, [synced]);
  assert.equal(checks, 2);
  // A project change is checked again.
  change('modified', app('b', '2', 'p1', { team: 'y' }));
  assert.deepEqual(names(''), ['a', 'b']);
  assert.equal(checks, 4);
  // A label change re-filters; another filter is remembered apart.
  change('modified', app('a', '3', 'p1', { team: 'y' }));
  assert.deepEqual(names('selector=team%3Dy'), ['a', 'b']);
  assert.deepEqual(names('selector=team%3Dx'), []);
  change('added', app('c', '1', 'p1', { team: 'y' }));
  assert.deepEqual(names('selector=team%3Dy'), ['a', 'b', 'c']);
  // Another policy (a new enforcer) decides afresh.
  assert.deepEqual(list(s, '', all).body.items?.length, 3);
  s.close();
});

test('the event stream with Argo CD `fields`: each client gets its selection, serialized once per selection', () => {
  const { read, change } = fakeRead([app('a', '1')]);
  const snapshot = new AppListSnapshot(read);
  const hub = new AppStreamHub(read as ReadPort, snapshot, 60_000);
  const names = new Map([['metadata', new Map([['name', true as const]])]]);
  const clients = [names, names, undefined].map((fields) => {
    const out = fakeResponse();
    hub.add({ res: out.res, filter: appFilter(new URLSearchParams('')), can: all, fields }, read.apps.list());
    return out;
  });
  const frame = (w: string | undefined) => JSON.parse(w?.slice(6) ?? '') as { result: unknown };
  assert.deepEqual(frame(clients[0]?.writes[0]), {
    result: { type: 'ADDED', application: { metadata: { name: 'a' } } },
  });
  const changed = app('a', '2');
  change('modified', changed);
  assert.equal(hub.serialized, 2); // the names-only selection and the whole app
  assert.equal(clients[0]?.writes[1], clients[1]?.writes[1]);
  assert.deepEqual(frame(clients[1]?.writes[1]), {
    result: { type: 'MODIFIED', application: { metadata: { name: 'a' } } },
  });
  assert.deepEqual(frame(clients[2]?.writes[1]), { result: { type: 'MODIFIED', application: changed } });
  change('deleted', changed);
  assert.deepEqual(frame(clients[0]?.writes[2]), {
    result: { type: 'DELETED', application: { metadata: { name: 'a' } } },
  });
  hub.close();
  snapshot.close();
});

test('fan-out: 50 streams cost one serialization per event and distinct selection, not one per client', () => {
  const { read, change } = fakeRead([app('a', '1'), app('b', '1')]);
  const snapshot = new AppListSnapshot(read);
  const hub = new AppStreamHub(read as ReadPort, snapshot, 60_000);
  // As browsers and CLIs send them: the UI's selection in two orders and split over two parameters (one set),
  // a names-only one, and no selection (the whole app).
  const queries = [
    'fields=result.application.metadata.name,result.application.status.sync.status',
    'fields=result.application.status.sync.status&fields=result.application.metadata.name',
    'fields=result.type,result.application.metadata.name',
    '',
  ];
  const clients = Array.from({ length: 50 }, (_, i) => {
    const out = fakeResponse();
    const query = new URLSearchParams(queries[i % queries.length]);
    hub.add({ res: out.res, filter: appFilter(query), can: all, fields: streamFields(query) }, []);
    return { out, query: i % queries.length };
  });
  for (let rv = 2; rv <= 11; rv++) change('modified', app(rv % 2 ? 'a' : 'b', String(rv)));
  assert.equal(hub.serialized, 10 * 3);
  for (const { out, query } of clients) {
    assert.equal(out.writes.length, 10);
    const last = JSON.parse(out.writes[9]?.slice(6) ?? '') as { result: { application: Application } };
    const expected =
      query < 2
        ? { metadata: { name: 'a' }, status: { sync: { status: 'Synced' } } }
        : query === 2
          ? { metadata: { name: 'a' } }
          : app('a', '11');
    assert.deepEqual(last.result.application, expected);
  }
  hub.close();
  snapshot.close();
});
