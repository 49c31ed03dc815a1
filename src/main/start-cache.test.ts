import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeApiError } from '../kube/api-error.js';
import { ListWatchError } from '../kube/list-watch.js';
import { missingPermission } from './start-cache.js';

const refused = KubeApiError.fromStatus('GET', '/apis/apps/v1/deployments?limit=500', 403, {
  kind: 'Status',
  reason: 'Forbidden',
  message:
    'deployments.apps is forbidden: User "system:serviceaccount:argocd:driftless-server" cannot list resource "deployments" in API group "apps" at the cluster scope',
});

test('a refused first list names the request, the identity and the ClusterRole that grants it', () => {
  const e = missingPermission(new ListWatchError('list', 'deployments.apps', refused), 'server');
  assert.equal(
    e.message,
    'the Kubernetes API refused to list deployments.apps cluster-wide, which the server component watches: ' +
      'deployments.apps is forbidden: User "system:serviceaccount:argocd:driftless-server" cannot list resource "deployments" in API group "apps" at the cluster scope',
  );
  assert.match(e.hint ?? '', /list and watch on deployments\.apps .*ClusterRole driftless-server /);
  const all = missingPermission(new ListWatchError('list', 'deployments.apps', refused), 'all');
  assert.match(all.hint ?? '', /ClusterRole driftless-application-controller /);
});
