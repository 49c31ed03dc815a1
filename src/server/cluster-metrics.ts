// Argo CD's cluster metrics (argocd_cluster_info, argocd_cluster_connection_status, cached objects) as
// Prometheus text; a plain function of the cluster views, so a metrics registry can adopt it as a collector.
import { labelValue } from './histogram.js';
import type { ClusterView } from './cluster-view.js';

export function clusterMetricLines(views: readonly ClusterView[]): string[] {
  const labels = (c: ClusterView) =>
    `k8s_version="${labelValue(c.info.serverVersion)}",name="${labelValue(c.name)}",server="${labelValue(c.server)}"`;
  return [
    '# HELP argocd_cluster_info Information about a cluster',
    '# TYPE argocd_cluster_info gauge',
    ...views.map((c) => `argocd_cluster_info{${labels(c)}} 1`),
    '# HELP argocd_cluster_connection_status The connection to the cluster: 1 reachable, 0 not (or unknown)',
    '# TYPE argocd_cluster_connection_status gauge',
    ...views.map(
      (c) =>
        `argocd_cluster_connection_status{${labels(c)}} ${c.info.connectionState.status === 'Successful' ? 1 : 0}`,
    ),
    '# HELP argocd_cluster_api_resource_objects Objects in the cluster cache',
    '# TYPE argocd_cluster_api_resource_objects gauge',
    ...views.map(
      (c) =>
        `argocd_cluster_api_resource_objects{server="${labelValue(c.server)}"} ${c.info.cacheInfo.resourcesCount}`,
    ),
  ];
}
