// Argo CD's per-cluster metrics (argocd_cluster_info, _connection_status, _api_resource_objects,
// _api_resources, _cache_age_seconds) as one prom-client collector over the cluster views.
import { Gauge, type Registry } from 'prom-client';
import type { ClusterView } from './cluster-view.js';

/** Registers the collector: each scrape reads `views()` afresh (no call to any cluster). */
export function registerClusterMetrics(
  registry: Registry,
  views: () => readonly ClusterView[],
  now: () => number = Date.now,
): void {
  const registers = [registry];
  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (g: Gauge, c: ClusterView) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const c of views()) fill(this, c);
      },
    });
  // Label order as the series were first published (k8s_version, name, server): queries match either way.
  const labels = (c: ClusterView) => ({ k8s_version: c.info.serverVersion, name: c.name, server: c.server });
  gauge('argocd_cluster_info', 'Information about cluster.', ['k8s_version', 'name', 'server'], (g, c) =>
    g.set(labels(c), 1),
  );
  gauge(
    'argocd_cluster_connection_status',
    'The k8s cluster current connection status: 1 reachable, 0 not (or unknown).',
    ['k8s_version', 'name', 'server'],
    (g, c) => g.set(labels(c), c.info.connectionState.status === 'Successful' ? 1 : 0),
  );
  gauge(
    'argocd_cluster_api_resource_objects',
    'Number of k8s resource objects in the cache.',
    ['server'],
    (g, c) => g.set({ server: c.server }, c.info.cacheInfo.resourcesCount),
  );
  gauge('argocd_cluster_api_resources', 'Number of monitored kubernetes API resources.', ['server'], (g, c) =>
    g.set({ server: c.server }, c.info.cacheInfo.apisCount),
  );
  gauge('argocd_cluster_cache_age_seconds', 'Cluster cache age in seconds.', ['server'], (g, c) => {
    const at = c.info.cacheInfo.lastCacheSyncTime;
    g.set({ server: c.server }, at === undefined ? 0 : Math.max(0, (now() - Date.parse(at)) / 1000));
  });
}
