// The default project allows every source, destination and resource, as Argo CD's does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDestinationAllowed } from './check-destination.js';
import { checkResourceAllowed } from './check-resource.js';
import { checkSourceAllowed } from './check-source.js';
import { defaultProject } from './default-project.js';

test('defaultProject is named default, in argocd unless told', () => {
  assert.deepEqual(defaultProject().metadata, { name: 'default', namespace: 'argocd' });
  assert.equal(defaultProject('gitops').metadata.namespace, 'gitops');
  assert.deepEqual(defaultProject().spec.sourceRepos, ['*']);
});

test('defaultProject allows everything', () => {
  const p = defaultProject();
  const ok = { allowed: true };
  assert.deepEqual(checkSourceAllowed(p, 'git@github.com:any/thing.git'), ok);
  const destinations = [
    { server: 'https://kubernetes.default.svc', namespace: 'x' },
    { name: 'prod-eu', namespace: 'kube-system' },
    { server: 'https://1.2.3.4:6443' },
  ];
  for (const d of destinations) assert.deepEqual(checkDestinationAllowed(p, d), ok, JSON.stringify(d));
  const resources = [
    { group: '', kind: 'Namespace', namespaced: false },
    { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', namespaced: false },
    { group: 'apps', kind: 'Deployment', namespaced: true },
  ];
  for (const r of resources) assert.deepEqual(checkResourceAllowed(p, r), ok, r.kind);
});
