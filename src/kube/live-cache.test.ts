// Which types the live cache watches by default and with include/exclude.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResource } from './api-resource.js';
import { selectTypes } from './live-cache.js';

const r = (group: string, kind: string, verbs = ['get', 'list', 'watch']): ApiResource => ({
  group,
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  namespaced: true,
  verbs,
});
const all = [
  r('', 'ConfigMap'),
  r('', 'Event'),
  r('events.k8s.io', 'Event'),
  r('coordination.k8s.io', 'Lease'),
  r('', 'Endpoints'),
  r('discovery.k8s.io', 'EndpointSlice'),
  r('apps', 'Deployment'),
  r('authorization.k8s.io', 'SelfSubjectAccessReview', ['create']),
  r('', 'Binding', ['create']),
];
const kinds = (rs: ApiResource[]): string[] => rs.map((x) => `${x.group}/${x.kind}`);

test('default: everything listable and watchable except the noisy types', () => {
  assert.deepEqual(kinds(selectTypes(all, {})), ['/ConfigMap', 'apps/Deployment']);
});

test('include narrows, exclude replaces the default list', () => {
  assert.deepEqual(kinds(selectTypes(all, { include: [{ group: 'apps' }] })), ['apps/Deployment']);
  assert.deepEqual(kinds(selectTypes(all, { exclude: [{ kind: 'Event' }] })), [
    '/ConfigMap',
    'coordination.k8s.io/Lease',
    '/Endpoints',
    'discovery.k8s.io/EndpointSlice',
    'apps/Deployment',
  ]);
  assert.deepEqual(kinds(selectTypes(all, { include: [{ kind: 'Event' }], exclude: [] })), [
    '/Event',
    'events.k8s.io/Event',
  ]);
});
