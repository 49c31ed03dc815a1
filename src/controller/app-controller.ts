// The application controller: checks (or installs) its CRDs, watches the cluster, and reconciles every
// Application on change, on drift, and on the poll interval; operations run on their own workers.
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import type { LiveCache } from '../kube/live-cache.js';
import { ClusterRegistry } from '../kube/cluster-registry.js';
import { ClusterCaches, type ClusterCachesDeps } from './cluster-caches.js';
import { resolveDestination } from './destination.js';
import { checkCrds, ensureCrds } from '../kube/crds.js';
import { isAlreadyExists, isForbidden, isNotFound } from '../kube/api-error.js';
import type { RepoPort } from '../render/index.js';
import { assessHealth, healthRegistryFromConfigMap, type HealthRegistry } from '../health/index.js';
import type { Application, AppProject, KubeObject } from '../model/index.js';
import type { ApiResource } from '../kube/api-resource.js';
import { API_GROUP } from '../model/index.js';
import { ARGOCD_CM } from '../model/settings-objects.js';
import type { SettingsSource } from '../settings/settings-source.js';
import { loadCrds } from '../model/crds.js';
import { defaultProject } from '../policy/index.js';
import {
  AppStore,
  APPLICATION_RESOURCE,
  APPPROJECT_RESOURCE,
  DEFAULT_CONFIG,
  noObserver,
  type ControllerConfig,
  type ControllerContext,
} from './context.js';
import { KubeEventRecorder } from './events.js';
import { parseDiffSettings } from '../diff/diff-settings.js';
import { PredictionCache } from './prediction-cache.js';
import { Reconciler } from './reconcile.js';
import { EventRouter } from './event-routing.js';
import { realTimers, type Timers } from '../common/timers.js';
import { runForApp } from './app-scope.js';
import { WorkQueue } from './work-queue.js';
import type { ShardingConfig } from './sharding/lease-object.js';
import { LeaseShards, shardedApp } from './sharding/lease-shards.js';
import { OwnedApps } from './sharding/owned-apps.js';
import { clusterPins } from './sharding/shard-directory.js';

export interface ControllerDeps {
  client: KubeClient;
  discovery: Discovery;
  /** The live-state cache, started by the caller (the composition root) before the controller. */
  cache: LiveCache;
  /** argocd-cm and the other settings objects, shared with the API server. */
  settings: SettingsSource;
  repo: RepoPort;
  log: Logger;
  config: Partial<ControllerConfig> & { inClusterServer: string };
  timers?: Timers;
  healthRegistry?: HealthRegistry;
  /** Destination-cluster cache tuning (backoff, connect timeout). */
  clusterCaches?: Pick<ClusterCachesDeps, 'backoff' | 'connectTimeoutMs'>;
  /** Set when replicas share the apps through Leases (ADR 0028); absent: this process owns every app. */
  sharding?: ShardingConfig;
}

const NAMESPACE_RESOURCE = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  resource: 'namespaces',
  namespaced: false,
  verbs: ['create', 'get'],
};

function getOrUndefined<T extends KubeObject>(
  client: KubeClient,
  res: ApiResource,
  name: string,
  namespace: string,
): Promise<T | undefined> {
  return client
    .get<T>(res, name, { namespace })
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
}

export class ApplicationController {
  readonly ctx: ControllerContext;
  /** Refreshes (comparison, status, auto-sync decision): Argo CD's status processors. */
  readonly queue: WorkQueue;
  /** Apps with an operation to run: Argo CD's operation processors (ADR 0046). */
  readonly operations: WorkQueue;
  private readonly reconciler: Reconciler;
  private readonly router: EventRouter;
  private readonly timers: Timers;
  private workers: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  readonly stats = { reconciles: 0, reconcileErrors: 0, reconcileMsTotal: 0 };
  readonly shards: LeaseShards | undefined;
  /** The apps this replica has taken as their owner (sharded only). */
  private readonly owned = new OwnedApps();
  /** Called after the shard membership changed (the ApplicationSet controller re-checks its sets). */
  readonly onShardChange = new Set<() => void>();

  constructor(deps: ControllerDeps) {
    const config: ControllerConfig = {
      ...DEFAULT_CONFIG,
      ...deps.config,
      ...(deps.sharding ? { appFieldManager: `driftless-shard-${deps.sharding.id}` } : {}),
    };
    this.timers = deps.timers ?? realTimers;
    const { cache, settings, log } = deps;
    // Built-in assessors plus Lua scripts (built-in and from argocd-cm), and the comparison settings:
    // each parsed again only when argocd-cm changed; bad entries are logged once and the rest apply.
    const healthRegistry = settings.derive(['cm'], (s) => {
      const { registry, errors } = healthRegistryFromConfigMap(s.cm.object);
      for (const error of errors) log.warn(`${ARGOCD_CM}: ${error}`);
      return registry;
    });
    const diffSettings = settings.derive(['cm'], (s) => {
      const parsed = parseDiffSettings(s.cm.data);
      for (const error of parsed.errors) log.warn(`${ARGOCD_CM}: ${error}`);
      return parsed.settings;
    });
    const registry = deps.healthRegistry ? () => deps.healthRegistry as HealthRegistry : healthRegistry;
    const predictions = new PredictionCache();
    const targets = new ClusterCaches({
      hub: {
        server: config.inClusterServer,
        client: deps.client,
        discovery: deps.discovery,
        cache,
        predictions,
      },
      log: deps.log,
      timers: this.timers,
      onChange: (target, type, obj, old) => this.router.onResourceChange(target, type, obj, old),
      onStateChange: (server) => this.router.onClusterStateChange(server),
      ...(deps.clusterCaches ?? {}),
    });
    this.ctx = {
      client: deps.client,
      discovery: deps.discovery,
      cache,
      clusters: new ClusterRegistry({
        secrets: () => cache.list('', 'Secret', config.namespace),
        inClusterServer: config.inClusterServer,
      }),
      targets,
      repo: deps.repo,
      assessHealth: (obj) => assessHealth(obj, registry()),
      settings,
      config,
      log: deps.log,
      events: new KubeEventRecorder(deps.client, deps.log, () => new Date(this.timers.now())),
      apps: new AppStore(cache, config.namespace, {
        app: (name) => getOrUndefined<Application>(deps.client, APPLICATION_RESOURCE, name, config.namespace),
        project: (name) =>
          getOrUndefined<AppProject>(deps.client, APPPROJECT_RESOURCE, name, config.namespace),
      }),
      observer: noObserver,
      timers: this.timers,
      now: () => new Date(this.timers.now()),
      predictions,
      diffSettings,
    };
    this.queue = new WorkQueue(this.timers, { baseMs: 1_000, maxMs: 5 * 60_000 });
    this.operations = new WorkQueue(this.timers, { baseMs: 1_000, maxMs: 5 * 60_000 });
    this.reconciler = new Reconciler(this.ctx);
    this.ctx.operationsRunning = () => this.reconciler.operationsRunning;
    this.ctx.appsPolled = () => this.queue.scheduled;
    this.router = new EventRouter({
      namespace: config.namespace,
      apps: () => this.ctx.apps.list(),
      diffSettings: () => this.ctx.diffSettings(),
      assessHealth: (obj) => this.ctx.assessHealth(obj),
      refresh: (name) => this.queue.add(name),
      refreshOnChange: (name) => this.refreshOnChange(name),
      terminate: (name) => this.reconciler.terminate(name),
      clustersChanged: () => {
        void this.ctx.targets.retain(new Set(this.ctx.clusters.list().map((c) => c.server)));
        this.shards?.pinsChanged();
      },
      serverOf: (app) => {
        const d = resolveDestination(this.ctx, app);
        return d.ok ? d.cluster.server : undefined;
      },
    });
    this.shards = deps.sharding
      ? new LeaseShards({
          connection: deps.client.connection,
          namespace: config.namespace,
          config: deps.sharding,
          timers: this.timers,
          log: deps.log,
          onChange: () => this.onShardsChanged(),
          pins: () => clusterPins(this.ctx.clusters.list()),
        })
      : undefined;
  }

  /**
   * owns(), remembered: an app a worker finds not owned counts as gained at the next shard change. One
   * the members place here (fenced for a moment, in a grace, a report not read yet) is looked at again
   * in a second: no event may follow a short fence, and a dropped app has no poll of its own.
   */
  private isOwned(app: Application): boolean {
    const owned = this.owns(app);
    this.owned.mark(app.metadata.name, owned);
    if (!owned && this.shards) {
      const d = this.ctx.clusters.resolve(app.spec.destination);
      if (this.shards.placedHere(shardedApp(app, d.ok ? d.cluster.server : undefined)))
        this.queue.addAfter(app.metadata.name, this.shards.recheckMs);
    }
    return owned;
  }

  /** Whether this replica reconciles the app (always, unless sharded). */
  owns(app: Application): boolean {
    if (!this.shards) return true;
    const d = this.ctx.clusters.resolve(app.spec.destination);
    return this.shards.owns(shardedApp(app, d.ok ? d.cluster.server : undefined));
  }

  /**
   * Apps it gained (a dead member's, a moved pin's, its own after a fence) are queued at once, ahead of
   * routine refreshes; running operations of apps it does not own pause for their owner; the caches of
   * destination clusters where it owns no app any more are stopped (started again on demand).
   */
  private onShardsChanged(): void {
    const servers = new Set<string>();
    const now: { name: string; owned: boolean }[] = [];
    for (const app of this.ctx.apps.list()) {
      const owned = this.owns(app);
      now.push({ name: app.metadata.name, owned });
      if (!owned) this.reconciler.release(app.metadata.name);
      const d = this.ctx.clusters.resolve(app.spec.destination);
      if (d.ok && this.shards?.placedHere(shardedApp(app, d.cluster.server))) servers.add(d.cluster.server);
    }
    for (const name of this.owned.update(now)) this.queue.add(name, { urgent: true });
    void this.ctx.targets.retain(servers);
    for (const listener of this.onShardChange) listener();
  }

  /**
   * Checks (or installs) CRDs, ensures the control namespace and the default project, then starts
   * watching and (unless `reconcile: false`) reconciling.
   */
  async start(opts: { reconcile?: boolean } = {}): Promise<void> {
    const { client, discovery, log, config } = this.ctx;
    if (config.installCrds) {
      log.info('installing CRDs (--install-crds)');
      await ensureCrds(client, loadCrds(), { discovery, fieldManager: config.fieldManager });
    } else await checkCrds(client, loadCrds());
    await client
      .create(NAMESPACE_RESOURCE, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: config.namespace },
      })
      .catch((e: unknown) => {
        // A namespace-scoped install may not create namespaces: its manifests were applied into one.
        if (!isAlreadyExists(e) && !isForbidden(e)) throw e;
      });
    await client
      .create(APPPROJECT_RESOURCE, defaultProject(config.namespace) as KubeObject)
      .catch((e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
      });
    // The cache started before the CRDs may have been installed: make sure our own kinds are watched.
    await this.ctx.cache.ensureType(API_GROUP, 'Application');
    await this.ctx.cache.ensureType(API_GROUP, 'AppProject');
    // ApplicationSets are read from the cache too (the ApplicationSet controller): without this, a fresh
    // install with --install-crds never saw its ApplicationSets until a restart.
    await this.ctx.cache.ensureType(API_GROUP, 'ApplicationSet');
    this.ctx.config.installationID ||= this.ctx.settings.current().cm.data.installationID || undefined;
    if (this.ctx.config.installationID) log.info('installation ID', { id: this.ctx.config.installationID });
    // An API server component only reads the cache; the controller component does the reconciling.
    if (opts.reconcile === false) return;
    const hub = this.ctx.targets.hubTarget;
    const unwatch = this.ctx.cache.on((type, obj, old) => this.router.onChange(hub, type, obj, old));
    // New comparison or health settings: every app is compared again with them.
    const unwatchSettings = this.ctx.settings.onChange((changed) => {
      if (changed.has('cm')) this.router.refreshAll();
    });
    this.unsubscribe = () => {
      unwatch();
      unwatchSettings();
    };
    await this.shards?.start();
    this.router.refreshAll();
    this.workers = Promise.all([
      this.queue.run(config.concurrency, (name) => this.process(name)),
      this.operations.run(config.operationConcurrency, (name) => this.processOperation(name)),
    ]).then(() => undefined);
  }

  /** Stops taking work, lets reconciles in flight end (operations pause, to resume on the next start), then stops watching. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.queue.shutdown();
    this.operations.shutdown();
    this.reconciler.shutdown();
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = this.timers.setTimeout(() => {
        this.ctx.log.warn('reconciles still running after 15 s; stopping anyway');
        resolve();
      }, 15_000);
    });
    await Promise.race([this.workers, deadline]);
    this.timers.clearTimeout(timer);
    await this.shards?.stop();
    await this.ctx.targets.stop();
  }

  private async process(name: string): Promise<void> {
    const current = this.ctx.apps.get(name);
    // Another replica's (or none's for now): queued again when this one gains it.
    if (current && !this.isOwned(current)) return;
    // Its operation is waiting or running: the operation's end asks for the comparison.
    if (this.operations.isQueued(name) || this.reconciler.isRunning(name)) return;
    const t0 = this.timers.now();
    let gone = false;
    try {
      const scope = { name, namespace: this.ctx.config.namespace };
      const outcome = await runForApp(scope, () => this.reconciler.reconcile(name));
      this.queue.forget(name);
      gone = outcome.gone === true;
      if (outcome.operate) this.operations.add(name);
      if (gone) return;
      if (outcome.requeueAfterMs !== undefined) this.queue.addAfter(name, outcome.requeueAfterMs);
      else this.queue.addAfter(name, this.pollDelay());
    } catch (e) {
      this.stats.reconcileErrors++;
      const delay = this.queue.addRateLimited(name);
      this.ctx.log.error('reconcile failed', { app: name, error: errorMessage(e), retryInMs: delay });
    } finally {
      // A name with no app behind it was only forgotten: no reconcile to count.
      if (!gone) {
        const ms = this.timers.now() - t0;
        this.stats.reconciles++;
        this.stats.reconcileMsTotal += ms;
        this.ctx.observer.reconcile(ms, name);
      }
    }
  }

  /**
   * Runs an app's operation. When it ends the app's comparison goes ahead of the refresh queue, so
   * Synced shows soon after the sync rather than after every app queued before it (ADR 0046).
   */
  private async processOperation(name: string): Promise<void> {
    const current = this.ctx.apps.get(name);
    if (current && !this.isOwned(current)) return;
    try {
      const scope = { name, namespace: this.ctx.config.namespace };
      const outcome = await runForApp(scope, () => this.reconciler.operate(name));
      this.operations.forget(name);
      if (outcome.requeueAfterMs !== undefined) this.queue.addAfter(name, outcome.requeueAfterMs);
      else this.queue.add(name, { urgent: true });
    } catch (e) {
      this.stats.reconcileErrors++;
      const delay = this.operations.addRateLimited(name);
      this.ctx.log.error('operation failed', { app: name, error: errorMessage(e), retryInMs: delay });
    }
  }

  /** Queues a refresh for a change, unless the app's operation waits or runs (its end asks for one). */
  private refreshOnChange(name: string): void {
    if (this.operations.isQueued(name) || this.reconciler.isRunning(name)) return;
    this.queue.add(name);
  }

  private pollDelay(): number {
    const { pollIntervalMs, pollJitterMs } = this.ctx.config;
    return pollIntervalMs + Math.floor(Math.random() * pollJitterMs);
  }
}
