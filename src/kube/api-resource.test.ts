// REST path and query building from discovery info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiVersionOf, queryString, resourcePath, type ApiResource } from './api-resource.js';

const pods: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  resource: 'pods',
  namespaced: true,
  verbs: [],
};
const deploys: ApiResource = { ...pods, group: 'apps', kind: 'Deployment', resource: 'deployments' };
const nodes: ApiResource = { ...pods, kind: 'Node', resource: 'nodes', namespaced: false };

test('core, grouped, namespaced and cluster-scoped paths', () => {
  assert.equal(resourcePath(pods), '/api/v1/pods');
  assert.equal(resourcePath(pods, { namespace: 'ns' }), '/api/v1/namespaces/ns/pods');
  assert.equal(
    resourcePath(pods, { namespace: 'ns', name: 'p', subresource: 'status' }),
    '/api/v1/namespaces/ns/pods/p/status',
  );
  assert.equal(
    resourcePath(deploys, { namespace: 'ns', name: 'd' }),
    '/apis/apps/v1/namespaces/ns/deployments/d',
  );
  assert.equal(resourcePath(nodes, { namespace: 'ignored', name: 'n1' }), '/api/v1/nodes/n1');
  assert.equal(resourcePath(nodes, { name: 'system:a b' }), '/api/v1/nodes/system%3Aa%20b');
  assert.throws(() => resourcePath(pods, { name: '' }));
});

test('apiVersion and query strings', () => {
  assert.equal(apiVersionOf(pods), 'v1');
  assert.equal(apiVersionOf(deploys), 'apps/v1');
  assert.equal(queryString({}), '');
  assert.equal(
    queryString({ a: undefined, labelSelector: 'app=x,tier in (a)', limit: 5 }),
    '?labelSelector=app%3Dx%2Ctier+in+%28a%29&limit=5',
  );
});
