// LiveStore: trimming, indexes (key, tracking id, instance label, owner, uid), stale events, re-lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/kube-object.js';
import { LiveStore } from './live-store.js';
import { ANNOTATION_LAST_APPLIED, trimObject } from './trim.js';

interface Opts {
  rv?: string;
  uid?: string;
  tracking?: string;
  label?: string;
  owner?: string;
  kind?: string;
  apiVersion?: string;
}
function obj(name: string, o: Opts = {}): KubeObject {
  return {
    apiVersion: o.apiVersion ?? 'apps/v1',
    kind: o.kind ?? 'Deployment',
    metadata: {
      name,
      namespace: 'ns',
      uid: o.uid ?? `uid-${name}`,
      resourceVersion: o.rv ?? '1',
      ...(o.tracking ? { annotations: { 'argocd.argoproj.io/tracking-id': o.tracking } } : {}),
      ...(o.label ? { labels: { 'app.kubernetes.io/instance': o.label } } : {}),
      ...(o.owner
        ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: o.owner }] }
        : {}),
    },
  };
}
const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name ?? '').sort();
const key = (name: string) => ({ group: 'apps', kind: 'Deployment', namespace: 'ns', name });

test('trim drops foreign managedFields and last-applied, keeps ours and status', () => {
  const o: KubeObject = {
    ...obj('web'),
    metadata: {
      ...obj('web').metadata,
      annotations: { [ANNOTATION_LAST_APPLIED]: '{"big":"copy"}', keep: 'me' },
      managedFields: [{ manager: 'kubectl' }, { manager: 'driftless', operation: 'Apply' }],
    },
    status: { replicas: 1 },
  };
  const t = trimObject(o, { keepManagers: ['driftless'] });
  assert.deepEqual(t.metadata.annotations, { keep: 'me' });
  assert.deepEqual(t.metadata.managedFields, [{ manager: 'driftless', operation: 'Apply' }]);
  assert.deepEqual(t.status, { replicas: 1 });
  assert.equal(o.metadata.managedFields?.length, 2, 'input is not mutated');
  const bare = trimObject(
    { ...o, metadata: { ...o.metadata, annotations: { [ANNOTATION_LAST_APPLIED]: 'x' } } },
    { keepManagers: [] },
  );
  assert.equal(bare.metadata.annotations, undefined);
  assert.equal(bare.metadata.managedFields, undefined);
  // A tracked object keeps last-applied: the comparison's three-way rule reads it.
  const tracking = {
    'argocd.argoproj.io/tracking-id': 'a:apps/Deployment:ns/web',
    [ANNOTATION_LAST_APPLIED]: 'x',
  };
  const tracked = trimObject(
    { ...o, metadata: { ...o.metadata, annotations: tracking } },
    { keepManagers: [] },
  );
  assert.deepEqual(tracked.metadata.annotations, tracking);
});

test('indexes by key, tracking instance (both app forms), instance label, owner and uid', () => {
  const s = new LiveStore({ keepManagers: [] });
  s.upsert(obj('web', { tracking: 'guestbook:apps/Deployment:ns/web', label: 'guestbook' }));
  s.upsert(obj('api', { tracking: 'team_guestbook:apps/Deployment:ns/api' }));
  s.upsert(obj('copied', { tracking: 'guestbook:apps/Deployment:ns/web' }));
  s.upsert(obj('rs1', { kind: 'ReplicaSet', owner: 'uid-web' }));
  s.upsert(obj('pod1', { kind: 'Pod', apiVersion: 'v1', owner: 'uid-rs1' }));
  assert.equal(s.get(key('web'))?.metadata.name, 'web');
  assert.deepEqual(
    names(s.byTrackingInstance('guestbook')),
    ['web'],
    'an id copied onto another object is ignored',
  );
  assert.deepEqual(names(s.byTrackingInstance('team_guestbook')), ['api']);
  assert.deepEqual(names(s.byInstanceLabel('guestbook')), ['web']);
  assert.deepEqual(names(s.childrenOf('uid-web')), ['rs1']);
  assert.deepEqual(names(s.childrenOf('uid-rs1')), ['pod1']);
  assert.equal(s.getByUid('uid-pod1')?.kind, 'Pod');
  assert.equal(s.size, 5);
});

test('updates move index entries; deletes remove them', () => {
  const s = new LiveStore({ keepManagers: [] });
  s.upsert(obj('web', { tracking: 'a:apps/Deployment:ns/web', rv: '1' }));
  const change = s.upsert(obj('web', { tracking: 'b:apps/Deployment:ns/web', rv: '2' }));
  assert.equal(change?.type, 'modified');
  assert.equal(change?.oldObj?.metadata.resourceVersion, '1');
  assert.deepEqual(s.byTrackingInstance('a'), []);
  assert.deepEqual(names(s.byTrackingInstance('b')), ['web']);
  const del = s.remove(obj('web', { rv: '3' }));
  assert.equal(del?.type, 'deleted');
  assert.deepEqual(s.byTrackingInstance('b'), []);
  assert.equal(s.getByUid('uid-web'), undefined);
  assert.equal(s.remove(obj('web', { rv: '4' })), undefined, 'deleting the unknown is a no-op');
});

test('stale events are ignored', () => {
  const s = new LiveStore({ keepManagers: [] });
  s.upsert(obj('web', { rv: '100' }));
  assert.equal(s.upsert(obj('web', { rv: '99' })), undefined);
  assert.equal(s.upsert(obj('web', { rv: '100' })), undefined);
  assert.equal(s.remove(obj('web', { rv: '50' })), undefined, 'an old delete is of an older incarnation');
  assert.equal(s.remove(obj('web', { rv: '101', uid: 'other' })), undefined, 'a delete of another uid');
  assert.equal(s.get(key('web'))?.metadata.resourceVersion, '100');
  // Opaque (non-numeric) versions cannot be ordered: the newer event wins.
  assert.equal(s.upsert(obj('web', { rv: 'abc' }))?.type, 'modified');
  // '1000' > '999' although it sorts lower as text.
  s.upsert(obj('n', { rv: '999' }));
  assert.equal(s.upsert(obj('n', { rv: '1000' }))?.type, 'modified');
});

test('replaceType reports adds, changes and deletions against a fresh list', () => {
  const s = new LiveStore({ keepManagers: [] });
  s.upsert(obj('keep', { rv: '1' }));
  s.upsert(obj('change', { rv: '1' }));
  s.upsert(obj('gone', { rv: '1', owner: 'o' }));
  s.upsert(obj('p', { kind: 'Pod', apiVersion: 'v1' }));
  const changes = s.replaceType('apps', 'Deployment', [
    obj('keep', { rv: '1' }),
    obj('change', { rv: '5' }),
    obj('new', { rv: '6' }),
  ]);
  assert.deepEqual(changes.map((c) => `${c.type} ${c.obj.metadata.name ?? ''}`).sort(), [
    'added new',
    'deleted gone',
    'modified change',
  ]);
  assert.deepEqual(s.childrenOf('o'), []);
  assert.equal(s.ofType('', 'Pod').length, 1, 'other types are untouched');
  assert.equal(s.dropType('apps', 'Deployment').length, 3);
  assert.equal(s.size, 1);
});

test('stats count objects and bytes per type', () => {
  const s = new LiveStore({ keepManagers: [] });
  s.upsert(obj('a'));
  s.upsert(obj('b'));
  const [st] = s.stats();
  assert.equal(st?.objects, 2);
  assert.ok((st?.approxBytes ?? 0) > 100);
});
