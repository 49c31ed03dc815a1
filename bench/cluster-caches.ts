// Bench: memory and first-sync time of one destination-cluster cache, through ClusterCaches (the
// controller's path), K times against one real cluster standing in for K spokes.
//   node --expose-gc dist/bench/cluster-caches.js [--clusters 3] [--kubeconfig path]
// Prints figures only; no assertions.
import { silentLogger } from '../src/common/log.js';
import { realTimers } from '../src/common/timers.js';
import { ClusterCaches } from '../src/controller/cluster-caches.js';
import { PredictionCache } from '../src/controller/prediction-cache.js';
import { KubeClient } from '../src/kube/client.js';
import { Discovery } from '../src/kube/discovery.js';
import { defaultKubeconfigPath, loadKubeconfig } from '../src/kube/kubeconfig.js';
import { LiveCache } from '../src/kube/live-cache.js';
import type { Cluster } from '../src/model/cluster-secret.js';
import { benchArgs, countOption } from './usage.js';

const USAGE = `
Usage: node --expose-gc dist/bench/cluster-caches.js [--clusters 3] [--kubeconfig path]
Memory and first-sync time of one destination-cluster cache, K times against one real cluster
standing in for K spokes (kubeconfig default: DRIFTLESS_E2E_KUBECONFIG, then ~/.kube/config).
  -h, --help  this text`;
const args = benchArgs(USAGE, { clusters: { type: 'string' }, kubeconfig: { type: 'string' } });

const count = countOption('clusters', args.clusters, 3);
const kubeconfig =
  args.kubeconfig ?? process.env.DRIFTLESS_E2E_KUBECONFIG ?? defaultKubeconfigPath(process.env);
const connection = loadKubeconfig(kubeconfig);
const hubClient = new KubeClient(connection);
const hubDiscovery = new Discovery(hubClient);

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const caches = new ClusterCaches({
  hub: {
    server: connection.server,
    client: hubClient,
    discovery: hubDiscovery,
    cache: new LiveCache({ client: hubClient, discovery: hubDiscovery }),
    predictions: new PredictionCache(),
  },
  log: silentLogger,
  timers: realTimers,
  onChange: () => {},
  onStateChange: () => {},
  connectTimeoutMs: 120_000,
  // Every "spoke" is the same real cluster, reached under its own name.
  connect: (c) => ({ ...connection, name: c.name }),
});

const cluster = (i: number): Cluster => ({
  name: `spoke-${i}`,
  server: `https://spoke-${i}.bench.invalid`,
  namespaces: [],
  clusterResources: true,
  labels: {},
  annotations: {},
  config: {},
  inCluster: false,
});

if (!(globalThis as { gc?: unknown }).gc) console.log('(run with --expose-gc for steadier heap figures)');
console.log(`kubeconfig: ${kubeconfig}; ${count} cluster caches`);
const base = heapUsed();
let previous = base;
for (let i = 1; i <= count; i++) {
  const t0 = performance.now();
  const r = await caches.acquire(cluster(i));
  if (!r.ok) throw new Error(r.error);
  const ms = performance.now() - t0;
  const heap = heapUsed();
  const stats = r.target.cache.stats();
  console.log(
    `cache ${i}: ${stats.objects} objects in ${r.target.cache.watchedTypes().length} types, first sync ${ms.toFixed(0)} ms, ` +
      `heap +${((heap - previous) / 2 ** 20).toFixed(1)} MiB (${Math.round((heap - previous) / Math.max(1, stats.objects))} B/object), ` +
      `JSON ${(stats.approxBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  previous = heap;
}
console.log(`per cluster cache: ${((previous - base) / count / 2 ** 20).toFixed(1)} MiB on average`);
await caches.stop();
hubClient.close();
