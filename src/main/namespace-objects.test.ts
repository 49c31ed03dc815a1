import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CacheListener } from '../kube/live-cache.js';
import type { KubeObject } from '../model/index.js';
import { namespaceObjectsOf } from './namespace-objects.js';

const obj = (kind: string, namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace },
});

test('the same list until a Secret or ConfigMap of the namespace changes', () => {
  const store = [
    obj('Secret', 'cd', 'repo'),
    obj('ConfigMap', 'cd', 'argocd-cm'),
    obj('ConfigMap', 'web', 'x'),
  ];
  const listeners: CacheListener[] = [];
  let lists = 0;
  const cache = {
    list: (_group: string, kind: string, namespace?: string) => {
      lists++;
      return store.filter((o) => o.kind === kind && o.metadata.namespace === namespace);
    },
    on: (l: CacheListener) => {
      listeners.push(l);
      return () => undefined;
    },
  };
  const objects = namespaceObjectsOf(cache, 'cd');
  const first = objects();
  assert.deepEqual(
    first.map((o) => o.metadata.name),
    ['repo', 'argocd-cm'],
  );
  assert.equal(objects(), first);
  const emit = (o: KubeObject) => listeners.forEach((l) => l('modified', o, undefined));
  emit(obj('ConfigMap', 'web', 'x'));
  emit(obj('Deployment', 'cd', 'server'));
  assert.equal(objects(), first, 'other namespaces and kinds keep the list');
  assert.equal(lists, 2);
  store.push(obj('Secret', 'cd', 'creds'));
  emit(obj('Secret', 'cd', 'creds'));
  const second = objects();
  assert.notEqual(second, first);
  assert.deepEqual(
    second.map((o) => o.metadata.name),
    ['repo', 'creds', 'argocd-cm'],
  );
});
