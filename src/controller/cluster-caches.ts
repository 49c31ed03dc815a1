// One live cache per destination cluster, started when the first app needs it; connection state with backoff.
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { Timers } from '../common/timers.js';
import { KubeConnectionError } from '../kube/api-error.js';
import { KubeClient } from '../kube/client.js';
import { connectionFromCluster } from '../kube/cluster-secret.js';
import type { ClusterConnection } from '../kube/connection.js';
import { Discovery } from '../kube/discovery.js';
import { LiveCache, type CacheListener } from '../kube/live-cache.js';
import type { Cluster } from '../model/cluster-secret.js';
import type { KubeObject } from '../model/index.js';
import {
  DEFAULT_CLUSTER_BACKOFF,
  failed,
  initialState,
  mayRetry,
  succeeded,
  type Backoff,
  type ConnectionState,
} from './cluster-state.js';
import { PredictionCache } from './prediction-cache.js';

/** What the controller needs to work on one cluster. */
export interface ClusterTarget {
  server: string;
  client: KubeClient;
  discovery: Discovery;
  cache: LiveCache;
  predictions: PredictionCache;
}

export interface ClusterRuntime extends ClusterTarget {
  cluster: Cluster;
  state: ConnectionState;
  /** Settles when the cache has listed every type (or failed to start). */
  started: Promise<void> | undefined;
  /** The cluster config the client was made from: a different one (rotated credentials) means a new client. */
  fingerprint: string;
  probeTimer?: unknown;
  stopped: boolean;
}

export type Acquired = { ok: true; target: ClusterTarget } | { ok: false; error: string };

export interface ClusterCachesDeps {
  /** The cluster Driftless runs against: its cache is the controller's own and always running. */
  hub: ClusterTarget;
  log: Logger;
  timers: Timers;
  /** Every change in a destination cluster's cache (tracked resources changing). */
  onChange: (target: ClusterTarget, ...args: Parameters<CacheListener>) => void;
  /** A cluster went from reachable to failed or back: its apps should be refreshed. */
  onStateChange: (server: string) => void;
  backoff?: Backoff;
  /** How long an app waits for a cluster's first sync before it is reported as not (yet) connected. */
  connectTimeoutMs?: number;
  /** Tests and benches pass list-watch options (page size, delays). */
  connect?: (cluster: Cluster) => ClusterConnection;
}

export class ClusterCaches {
  private readonly runtimes = new Map<string, ClusterRuntime>();
  private readonly backoff: Backoff;
  private readonly eventListeners = new Set<(server: string, obj: KubeObject) => void>();

  constructor(private readonly deps: ClusterCachesDeps) {
    this.backoff = deps.backoff ?? DEFAULT_CLUSTER_BACKOFF;
  }

  /** Every event of a destination cluster's cache (the hub's own cache is the caller's to watch); metrics use it. */
  onEvent(listener: (server: string, obj: KubeObject) => void): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  get hubTarget(): ClusterTarget {
    return this.deps.hub;
  }

  /** The target of a cluster whose cache is running, without waiting (undefined: not started or failed). */
  peek(cluster: Cluster): ClusterTarget | undefined {
    if (cluster.inCluster) return this.deps.hub;
    const rt = this.runtimes.get(cluster.server);
    return rt && rt.fingerprint === fingerprint(cluster) ? rt : undefined;
  }

  /** The cluster's target, starting its cache on first use; an unreachable cluster is an error value at once. */
  async acquire(cluster: Cluster): Promise<Acquired> {
    if (cluster.inCluster) return { ok: true, target: this.deps.hub };
    let rt = this.runtimes.get(cluster.server);
    if (rt && rt.fingerprint !== fingerprint(cluster)) {
      this.deps.log.info('cluster configuration changed: reconnecting', { cluster: cluster.name });
      await this.drop(rt);
      rt = undefined;
    }
    if (!rt) {
      try {
        rt = this.create(cluster);
      } catch (e) {
        return { ok: false, error: `cluster ${cluster.name}: ${errorMessage(e)}` };
      }
    }
    rt.cluster = cluster;
    const now = this.deps.timers.now();
    if (rt.state.status === 'Failed' && !mayRetry(rt.state, now))
      return { ok: false, error: notReachable(rt) };
    if (rt.started === undefined) rt.started = this.start(rt);
    const timeoutMs = this.deps.connectTimeoutMs ?? 10_000;
    let timer: unknown;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = this.deps.timers.setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([rt.started.then(() => 'done' as const), timedOut]);
    this.deps.timers.clearTimeout(timer);
    if (outcome === 'timeout')
      return {
        ok: false,
        error: `cluster ${cluster.name} (${cluster.server}) has not answered within ${timeoutMs} ms`,
      };
    if (rt.state.status !== 'Successful') return { ok: false, error: notReachable(rt) };
    return { ok: true, target: rt };
  }

  /** Every destination cluster with a cache (connected or not). */
  runtimesList(): readonly ClusterRuntime[] {
    return [...this.runtimes.values()];
  }

  state(server: string): ConnectionState | undefined {
    return this.runtimes.get(server)?.state;
  }

  /** Stops caches of clusters that are no longer declared. */
  async retain(servers: ReadonlySet<string>): Promise<void> {
    for (const rt of [...this.runtimes.values()]) if (!servers.has(rt.server)) await this.drop(rt);
  }

  async stop(): Promise<void> {
    for (const rt of [...this.runtimes.values()]) await this.drop(rt);
  }

  private create(cluster: Cluster): ClusterRuntime {
    const client = new KubeClient((this.deps.connect ?? connectionFromCluster)(cluster));
    const discovery = new Discovery(client);
    const rt: ClusterRuntime = {
      cluster,
      server: cluster.server,
      client,
      discovery,
      predictions: new PredictionCache(),
      cache: this.newCache(client, discovery, () => rt),
      state: initialState(),
      started: undefined,
      fingerprint: fingerprint(cluster),
      stopped: false,
    };
    this.runtimes.set(cluster.server, rt);
    return rt;
  }

  private async start(rt: ClusterRuntime): Promise<void> {
    const t0 = this.deps.timers.now();
    try {
      const version = await rt.discovery.serverVersion();
      await rt.cache.start();
      await rt.cache.synced();
      if (rt.stopped) return;
      rt.state = succeeded(rt.state, this.deps.timers.now(), version.gitVersion);
      this.deps.log.info('cluster cache synced', {
        cluster: rt.cluster.name,
        server: rt.server,
        objects: rt.cache.stats().objects,
        ms: this.deps.timers.now() - t0,
      });
    } catch (e) {
      // A cache that never started is started again at the next attempt after the backoff.
      rt.started = undefined;
      await rt.cache.stop().catch(() => undefined);
      rt.discovery.invalidate();
      this.markFailed(rt, errorMessage(e));
    }
  }

  /** A cache whose connection errors fail the cluster (a type we may not list, 403, is only that type's problem). */
  private newCache(client: KubeClient, discovery: Discovery, rt: () => ClusterRuntime): LiveCache {
    const cache = new LiveCache({
      client,
      discovery,
      onError: (e) => {
        if (e.cause instanceof KubeConnectionError) this.markFailed(rt(), e.message);
      },
    });
    cache.on((...args) => {
      for (const listener of this.eventListeners) listener(rt().server, args[1]);
      this.deps.onChange(rt(), ...args);
    });
    return cache;
  }

  private markFailed(rt: ClusterRuntime, message: string): void {
    if (rt.stopped) return;
    const wasFailed = rt.state.status === 'Failed';
    if (wasFailed && this.deps.timers.now() < rt.state.retryAt) return;
    rt.state = failed(rt.state, this.deps.timers.now(), message, this.backoff);
    if (!wasFailed) {
      this.deps.log.warn('cluster unreachable', {
        cluster: rt.cluster.name,
        server: rt.server,
        error: message,
      });
      this.deps.onStateChange(rt.server);
    }
    this.scheduleProbe(rt);
  }

  /** While failed, asks /version at each backoff step; the first answer makes the cluster Successful again. */
  private scheduleProbe(rt: ClusterRuntime): void {
    if (rt.probeTimer !== undefined) this.deps.timers.clearTimeout(rt.probeTimer);
    const wait = Math.max(0, rt.state.retryAt - this.deps.timers.now());
    rt.probeTimer = this.deps.timers.setTimeout(() => {
      rt.probeTimer = undefined;
      void this.probe(rt);
    }, wait);
  }

  private async probe(rt: ClusterRuntime): Promise<void> {
    if (rt.stopped) return;
    if (rt.started === undefined) {
      // Never synced: a full start is the probe.
      rt.started = this.start(rt);
      await rt.started;
      if (rt.state.status === 'Successful') this.deps.onStateChange(rt.server);
      return;
    }
    try {
      await rt.client.request({ method: 'GET', path: '/version', signal: AbortSignal.timeout(5_000) });
      if (rt.stopped) return;
      rt.state = succeeded(rt.state, this.deps.timers.now());
      this.deps.log.info('cluster reachable again', { cluster: rt.cluster.name, server: rt.server });
      this.deps.onStateChange(rt.server);
    } catch (e) {
      rt.state = failed(rt.state, this.deps.timers.now(), errorMessage(e), this.backoff);
      this.scheduleProbe(rt);
    }
  }

  private async drop(rt: ClusterRuntime): Promise<void> {
    rt.stopped = true;
    if (rt.probeTimer !== undefined) this.deps.timers.clearTimeout(rt.probeTimer);
    this.runtimes.delete(rt.server);
    await rt.cache.stop().catch(() => undefined);
    rt.client.close();
  }
}

function notReachable(rt: ClusterRuntime): string {
  return `cluster ${rt.cluster.name} (${rt.server}) is not reachable: ${rt.state.message || 'connecting'}`;
}

function fingerprint(c: Cluster): string {
  return JSON.stringify([c.server, c.config]);
}
