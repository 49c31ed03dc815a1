// Tracking ids: Argo CD's plain and namespaced app forms, RBAC names with colons, malformed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appInstanceName, formatTrackingId, parseTrackingId, trackingIdMatches } from './tracking.js';

test('parses a plain tracking id', () => {
  assert.deepEqual(parseTrackingId('guestbook:apps/Deployment:default/web'), {
    instance: 'guestbook',
    appName: 'guestbook',
    group: 'apps',
    kind: 'Deployment',
    namespace: 'default',
    name: 'web',
  });
});

test('parses the namespace_app form, core group and cluster-scoped objects', () => {
  const id = parseTrackingId('team-a_guestbook:/ConfigMap:team-a/cfg');
  assert.equal(id?.appName, 'guestbook');
  assert.equal(id?.appNamespace, 'team-a');
  assert.equal(id?.instance, 'team-a_guestbook');
  assert.equal(id?.group, '');
  const cr = parseTrackingId('app:rbac.authorization.k8s.io/ClusterRole:/system:aggregate-to-view');
  assert.equal(cr?.namespace, '');
  assert.equal(cr?.name, 'system:aggregate-to-view');
});

test('rejects malformed ids', () => {
  for (const bad of [
    '',
    'app',
    ':apps/Deployment:ns/x',
    'app:Deployment:ns/x',
    'app:apps/Deployment:x',
    'app:apps/:ns/x',
  ]) {
    assert.equal(parseTrackingId(bad), undefined, bad);
  }
});

test('format and parse round-trip', () => {
  const key = { group: 'apps', kind: 'StatefulSet', namespace: 'db', name: 'pg' };
  const instance = appInstanceName('pg', 'apps-ns', 'argocd');
  assert.equal(instance, 'apps-ns_pg');
  assert.equal(appInstanceName('pg', 'argocd', 'argocd'), 'pg');
  const id = parseTrackingId(formatTrackingId(instance, key));
  assert.ok(id);
  assert.ok(trackingIdMatches(id, key));
  assert.ok(!trackingIdMatches(id, { ...key, name: 'other' }));
  assert.ok(trackingIdMatches({ ...key, namespace: '' }, key), 'empty namespace in id is accepted');
});
