// Cluster metrics: one series per cluster and metric, in Argo CD's names, read from the views at scrape time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { registerClusterMetrics } from './cluster-metrics.js';
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
      cacheInfo: { resourcesCount: objects, apisCount: 3, lastCacheSyncTime: '2026-01-01T00:00:00.000Z' },
    },
  };
}

test('argocd_cluster_* per cluster, each metric once, following the views between scrapes', async () => {
  const registry = new Registry();
  let views = [view('a', 'https://a', 'Successful', 10), view('b', 'https://b', 'Failed', 0)];
  registerClusterMetrics(
    registry,
    () => views,
    () => Date.parse('2026-01-01T00:00:30.000Z'),
  );
  const text = await registry.metrics();
  assert.match(text, /^argocd_cluster_info\{k8s_version="v1\.31\.0",name="a",server="https:\/\/a"\} 1$/m);
  assert.match(text, /^argocd_cluster_connection_status\{[^}]*server="https:\/\/a"\} 1$/m);
  assert.match(text, /^argocd_cluster_connection_status\{[^}]*server="https:\/\/b"\} 0$/m);
  assert.match(text, /^argocd_cluster_api_resource_objects\{server="https:\/\/a"\} 10$/m);
  assert.match(text, /^argocd_cluster_api_resources\{server="https:\/\/b"\} 3$/m);
  assert.match(text, /^argocd_cluster_cache_age_seconds\{server="https:\/\/a"\} 30$/m);
  assert.equal(text.match(/^# TYPE argocd_cluster_info gauge$/gm)?.length, 1);
  views = [view('a', 'https://a', 'Successful', 10)];
  assert.doesNotMatch(await registry.metrics(), /server="https:\/\/b"/, 'a removed cluster leaves no series');
});
