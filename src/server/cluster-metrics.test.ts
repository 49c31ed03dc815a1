// Cluster metrics: one info and one connection-status series per cluster, in Argo CD's names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterMetricLines } from './cluster-metrics.js';
import type { ClusterView } from './cluster-view.js';

function view(name: string, server: string, status: 'Successful' | 'Failed', objects: number): ClusterView {
  const connectionState = { status, message: '' };
  return {
    name,
    server,
    config: { tlsClientConfig: { insecure: false } },
    connectionState,
    serverVersion: 'v1.31.0',
    info: {
      connectionState,
      serverVersion: 'v1.31.0',
      applicationsCount: 1,
      cacheInfo: { resourcesCount: objects, apisCount: 3 },
    },
  };
}

test('argocd_cluster_info and argocd_cluster_connection_status per cluster', () => {
  const text = clusterMetricLines([
    view('a', 'https://a', 'Successful', 10),
    view('b', 'https://b', 'Failed', 0),
  ]).join('\n');
  assert.match(text, /^argocd_cluster_info\{k8s_version="v1\.31\.0",name="a",server="https:\/\/a"\} 1$/m);
  assert.match(
    text,
    /^argocd_cluster_connection_status\{k8s_version="v1\.31\.0",name="a",server="https:\/\/a"\} 1$/m,
  );
  assert.match(text, /^argocd_cluster_connection_status\{[^}]*server="https:\/\/b"\} 0$/m);
  assert.match(text, /^argocd_cluster_api_resource_objects\{server="https:\/\/a"\} 10$/m);
  assert.match(text, /^# TYPE argocd_cluster_info gauge$/m);
});
