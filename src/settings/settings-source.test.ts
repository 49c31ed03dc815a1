import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { SettingsSource, type PartName, type SettingsObjects } from './settings-source.js';

/** A stand-in for the watch cache: objects by kind/name, and change events sent by the test. */
function fakeObjects() {
  const objects = new Map<string, KubeObject>();
  const listeners = new Set<(o: KubeObject) => void>();
  let rv = 1;
  const source: SettingsObjects = {
    get: (kind, name) => objects.get(`${kind}/${name}`),
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const put = (kind: 'ConfigMap' | 'Secret', name: string, data: Record<string, string>) => {
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind,
      metadata: { name, namespace: 'argocd', resourceVersion: String(rv++) },
      data,
    };
    objects.set(`${kind}/${name}`, obj);
    for (const l of listeners) l(obj);
  };
  return { source, put, listeners };
}

test('reads the four settings objects, decoding the Secret', () => {
  const f = fakeObjects();
  f.put('ConfigMap', 'argocd-cm', { 'timeout.reconciliation': '60s' });
  f.put('ConfigMap', 'argocd-rbac-cm', { 'policy.default': 'role:readonly' });
  f.put('Secret', 'argocd-secret', { 'server.secretkey': Buffer.from('k3y').toString('base64') });
  const s = new SettingsSource(f.source).current();
  assert.equal(s.cm.data['timeout.reconciliation'], '60s');
  assert.equal(s.rbac.data['policy.default'], 'role:readonly');
  assert.equal(s.secret.data['server.secretkey'], 'k3y');
  assert.equal(s.cmdParams.object, undefined);
  assert.deepEqual(s.cmdParams.data, {});
});

test('argocd-notifications-cm and -secret are parts too (the Secret decoded); a change rebuilds their view', () => {
  const f = fakeObjects();
  f.put('ConfigMap', 'argocd-notifications-cm', { 'service.webhook.x': 'url: $hook' });
  f.put('Secret', 'argocd-notifications-secret', { hook: Buffer.from('http://h').toString('base64') });
  const source = new SettingsSource(f.source);
  const view = source.derive(['notificationsCm', 'notificationsSecret'], (s) => ({
    cm: s.notificationsCm.data,
    secret: s.notificationsSecret.data,
  }));
  assert.deepEqual(view(), { cm: { 'service.webhook.x': 'url: $hook' }, secret: { hook: 'http://h' } });
  const first = view();
  f.put('ConfigMap', 'argocd-cm', {});
  assert.equal(view(), first, 'argocd-cm does not rebuild the notifications view');
  f.put('Secret', 'argocd-notifications-secret', { hook: Buffer.from('http://g').toString('base64') });
  assert.equal(view().secret['hook'], 'http://g');
});

test('a view is parsed once per change of the parts it reads, not on other changes or reads', () => {
  const f = fakeObjects();
  f.put('ConfigMap', 'argocd-cm', { a: '1' });
  const source = new SettingsSource(f.source);
  let builds = 0;
  const view = source.derive(['cm'], (s) => {
    builds++;
    return s.cm.data.a;
  });
  assert.equal(view(), '1');
  assert.equal(view(), '1');
  assert.equal(builds, 1);
  f.put('Secret', 'argocd-secret', {});
  f.put('ConfigMap', 'unrelated', { a: '2' });
  assert.equal(view(), '1');
  assert.equal(builds, 1, 'argocd-secret and other ConfigMaps do not rebuild an argocd-cm view');
  f.put('ConfigMap', 'argocd-cm', { a: '2' });
  assert.equal(view(), '2');
  assert.equal(builds, 2);
});

test('listeners hear which parts changed; close stops listening to the cache', () => {
  const f = fakeObjects();
  const source = new SettingsSource(f.source);
  source.current();
  const heard: PartName[][] = [];
  source.onChange((changed) => heard.push([...changed]));
  f.put('ConfigMap', 'argocd-cmd-params-cm', { 'server.insecure': 'true' });
  f.put('ConfigMap', 'something-else', {});
  f.put('ConfigMap', 'argocd-cm', {});
  assert.deepEqual(heard, [['cmdParams'], ['cm']]);
  source.close();
  assert.equal(f.listeners.size, 0);
});
