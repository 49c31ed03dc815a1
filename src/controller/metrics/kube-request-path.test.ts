import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeVerb, kubectlCommand, parseKubeRequestPath } from './kube-request-path.js';

test('request paths name group, resource, namespace and name', () => {
  assert.deepEqual(parseKubeRequestPath('/apis/apps/v1/namespaces/web/deployments/api'), {
    group: 'apps',
    resource: 'deployments',
    namespace: 'web',
    name: 'api',
  });
  assert.deepEqual(parseKubeRequestPath('/api/v1/namespaces/web'), {
    group: '',
    resource: 'namespaces',
    namespace: '',
    name: 'web',
  });
  assert.deepEqual(parseKubeRequestPath('/api/v1/namespaces/web/pods?limit=5'), {
    group: '',
    resource: 'pods',
    namespace: 'web',
    name: '',
  });
  assert.equal(
    parseKubeRequestPath('/apis/rbac.authorization.k8s.io/v1/clusterroles/x').resource,
    'clusterroles',
  );
  assert.equal(parseKubeRequestPath('/version').resource, '');
});

test('verbs follow Kubernetes: get with a name, list without; writes by method', () => {
  const named = parseKubeRequestPath('/api/v1/namespaces/a/configmaps/b');
  const all = parseKubeRequestPath('/api/v1/namespaces/a/configmaps');
  assert.equal(kubeVerb('GET', named), 'get');
  assert.equal(kubeVerb('GET', all), 'list');
  assert.equal(kubeVerb('PATCH', named), 'patch');
  assert.equal(kubeVerb('PUT', named), 'update');
  assert.equal(kubeVerb('POST', all), 'create');
  assert.equal(kubeVerb('DELETE', named), 'delete');
});

test('writes map to the kubectl command they stand for; reads to none', () => {
  assert.equal(kubectlCommand('PATCH', 'application/apply-patch+yaml'), 'apply');
  assert.equal(kubectlCommand('PATCH', 'application/merge-patch+json'), 'patch');
  assert.equal(kubectlCommand('POST', undefined), 'create');
  assert.equal(kubectlCommand('PUT', undefined), 'replace');
  assert.equal(kubectlCommand('DELETE', undefined), 'delete');
  assert.equal(kubectlCommand('GET', undefined), undefined);
});
