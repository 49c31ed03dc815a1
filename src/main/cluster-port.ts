// The API's cluster port: the controller's cluster registry and per-cluster caches as views, and the
// work done in a target cluster (connection test, token rotation) through the kube client.
import type { ControllerContext } from '../controller/context.js';
import { resolveDestination } from '../controller/destination.js';
import { deleteSecret, managerTokenSecrets, newManagerToken } from '../kube/cluster-access.js';
import { KubeClient } from '../kube/client.js';
import { connectionFromCluster } from '../kube/cluster-secret.js';
import { ClusterProbes, clusterVersion } from './cluster-probe.js';
import type { Cluster } from '../model/cluster-secret.js';
import { shardOfCluster, type ShardDirectory } from '../controller/sharding/shard-directory.js';
import type { ClusterConnectionView, ClusterView } from '../server/cluster-view.js';
import type { ClusterPort } from '../server/ports.js';

export function clusterPort(ctx: ControllerContext, shards: ShardDirectory): ClusterPort {
  // Views are synchronous (metrics render synchronously): the hub's version is fetched in the background.
  let hubVersion: string | undefined;
  const probes = new ClusterProbes();
  const refreshHub = () =>
    void ctx.discovery
      .serverVersion()
      .then((v) => (hubVersion = v.gitVersion))
      .catch(() => (hubVersion = undefined));
  refreshHub();
  return {
    list: () => ctx.clusters.list(),
    byServer: (server) => ctx.clusters.byServer(server),
    byName: (name) => ctx.clusters.byName(name),
    views(clusters) {
      if (hubVersion === undefined) refreshHub();
      const counts = appsPerCluster(ctx);
      return clusters.map((c) => clusterView(ctx, c, counts.get(c.server) ?? 0, hubVersion, probes));
    },
    async controllerShard(cluster) {
      return shardOfCluster(await shards.layout(), cluster);
    },
    async test(cluster) {
      await clusterVersion(cluster);
    },
    async rotateAuth(cluster, store) {
      const client = new KubeClient(connectionFromCluster(cluster));
      try {
        const old = await managerTokenSecrets(client);
        const fresh = await newManagerToken(client);
        await store(fresh.token);
        for (const s of old) await deleteSecret(client, s.metadata.name ?? '');
      } finally {
        client.close();
      }
    },
  };
}

/** Apps per destination server, resolved as the controller resolves them. */
export function appsPerCluster(ctx: ControllerContext): Map<string, number> {
  const out = new Map<string, number>();
  for (const app of ctx.apps.list()) {
    const d = resolveDestination(ctx, app);
    if (d.ok) out.set(d.cluster.server, (out.get(d.cluster.server) ?? 0) + 1);
  }
  return out;
}

export function clusterView(
  ctx: ControllerContext,
  c: Cluster,
  appsCount: number,
  hubVersion: string | undefined,
  probes?: ClusterProbes,
): ClusterView {
  const target = ctx.targets.peek(c);
  let state: ClusterConnectionView;
  let serverVersion: string;
  let lastSync: number | undefined;
  if (c.inCluster) {
    state = hubVersion
      ? { status: 'Successful', message: '' }
      : { status: 'Failed', message: 'the Kubernetes API does not answer' };
    serverVersion = hubVersion ?? '';
  } else {
    const s = ctx.targets.state(c.server);
    // A cluster with apps but no cache here (an API-only replica): its state from a probe of our own.
    const probed = !s && appsCount > 0 ? probes?.state(c) : undefined;
    state = s
      ? { status: s.status, message: s.message }
      : (probed?.state ?? {
          status: 'Unknown',
          message:
            appsCount > 0
              ? 'The connection to the cluster is being checked.'
              : 'Cluster has no applications and is not being monitored.',
        });
    serverVersion = s?.serverVersion ?? probed?.serverVersion ?? '';
    lastSync = s?.lastCacheSyncAt;
  }
  const stats = target?.cache.stats();
  const info = {
    connectionState: state,
    serverVersion,
    applicationsCount: appsCount,
    cacheInfo: {
      resourcesCount: stats?.objects ?? 0,
      apisCount: target?.cache.watchedTypes().length ?? 0,
      ...(lastSync !== undefined ? { lastCacheSyncTime: new Date(lastSync).toISOString() } : {}),
    },
  };
  const tls = c.config.tlsClientConfig;
  const view: ClusterView = {
    server: c.server,
    name: c.name,
    config: {
      tlsClientConfig: {
        insecure: tls?.insecure === true,
        ...(tls?.serverName ? { serverName: tls.serverName } : {}),
      },
      ...(c.config.proxyUrl ? { proxyUrl: c.config.proxyUrl } : {}),
      ...(c.config.execProviderConfig ? { exec: true } : {}),
    },
    connectionState: state,
    serverVersion,
    info,
  };
  if (c.namespaces.length > 0) {
    view.namespaces = c.namespaces;
    view.clusterResources = c.clusterResources;
  }
  if (c.project) view.project = c.project;
  if (c.shard !== undefined) view.shard = c.shard;
  if (Object.keys(c.labels).length > 0) view.labels = c.labels;
  if (Object.keys(c.annotations).length > 0) view.annotations = c.annotations;
  return view;
}
