// The composition root: validated options in, the running product out (controller, repo service and
// API server wired together). `driftless server` and the e2e tests start Driftless only through here.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppSetController } from '../appset/controller.js';
import { generateApplications } from '../appset/generate-apps.js';
import type { GeneratorDeps } from '../appset/generators/types.js';
import { cacheRoot } from '../common/cache-root.js';
import { AbortError } from '../common/errors.js';
import { createLogger, type Logger } from '../common/log.js';
import { httpCall } from '../common/outbound-http.js';
import { ApplicationController } from '../controller/app-controller.js';
import { KubeClient } from '../kube/client.js';
import type { ClusterConnection } from '../kube/connection.js';
import { Discovery } from '../kube/discovery.js';
import type { LiveCache } from '../kube/live-cache.js';
import { defaultKubeconfigPath, inClusterConnection, loadKubeconfig } from '../kube/kubeconfig.js';
import { attachControllerMetrics } from '../controller/metrics/controller-metrics.js';
import { registerWatchMetrics, watchSources } from '../controller/metrics/watch-metrics.js';
import { LiveRepoSettings } from '../git/index.js';
import { startApiServer } from '../server/api-server.js';
import { registerClusterMetrics } from '../server/cluster-metrics.js';
import { ApiMetrics } from '../server/metrics.js';
import { ARGOCD_ALGORITHMS, ordinalOf } from '../controller/sharding/assign.js';
import type { ShardingConfig } from '../controller/sharding/lease-object.js';
import { installLoopBlocker } from './loop-blocker.js';
import { startProbeServer } from '../server/probe-server.js';
import { startMetricsPort } from './metrics-port.js';
import { readInitialAdminPassword } from '../server/secret-writes.js';
import { SettingsSource } from '../settings/settings-source.js';
import {
  appWriter,
  controllerStatus,
  gitWritePort,
  readPort,
  resourceWriter,
  settingsObjects,
} from './api-ports.js';
import { startCache } from './start-cache.js';
import { startupParams } from './startup-params.js';
import { startImageUpdater } from './image-updater.js';
import { digestDeps } from './registry-wiring.js';
import { startNotifier } from './notifications.js';
import { namespaceObjectsOf } from './namespace-objects.js';
import { repoForCallers, type CallerRepos } from './repo-wiring.js';
import { runRepoServer } from './run-repo-server.js';
import {
  defaultConfig,
  resolveServerConfig,
  type ClusterSource,
  type ServerConfig,
  type ServerOptions,
} from './server-config.js';

/** What the caller gets back: where the API listens, the resolved config, and how to stop. */
export interface RunningServer {
  /** `https://host:port` (or `http://` when insecure, and for the controller component) plus the root path. */
  url: string;
  port: number;
  /** The port of `/metrics` alone when `metricsPort` was set. */
  metricsPort: number | undefined;
  config: ServerConfig;
  /** Counters of the controller (reconciles so far), for tests that wait for a quiet period. */
  stats: { readonly reconciles: number; readonly reconcileErrors: number };
  /** The password `driftless server` generated for admin at first start. */
  initialAdminPassword(): Promise<string>;
  /** Stops serving, lets reconciles in flight end, stops watching, closes connections. */
  stop(): Promise<void>;
}

export interface RunServerDeps {
  /** Default: a logger with the configured format and level. */
  log?: Logger;
  env?: Record<string, string | undefined>;
  version?: string;
}

/** The cluster source when none was chosen: in a Pod its service account, else $KUBECONFIG or ~/.kube/config. */
export function defaultClusterSource(env: Record<string, string | undefined>): ClusterSource {
  return env.KUBERNETES_SERVICE_HOST
    ? { kind: 'in-cluster' }
    : { kind: 'kubeconfig', path: defaultKubeconfigPath(env) };
}

function connect(source: ClusterSource, env: Record<string, string | undefined>): ClusterConnection {
  if (source.kind === 'kubeconfig') return loadKubeconfig(source.path);
  // The service account is mounted at the usual path unless the pod (or a local run) puts it elsewhere.
  const dir = env.DRIFTLESS_SERVICE_ACCOUNT_DIR;
  return inClusterConnection(dir ? { env, serviceAccountDir: dir } : { env });
}

export async function runServer(options: ServerOptions, deps: RunServerDeps = {}): Promise<RunningServer> {
  const env = deps.env ?? process.env;
  // The repo server renders and holds no cluster credentials: it never loads a kubeconfig.
  if (options.component === 'repo-server') return runRepoServer(options, { ...deps, env });
  const defaults = defaultConfig(options.cluster ?? defaultClusterSource(env), join(cacheRoot(env), 'repos'));
  const connection = connect(defaults.cluster, env);
  const client = new KubeClient(connection);
  try {
    return await start(client, connection, options, defaults, deps, env);
  } catch (e) {
    client.close();
    throw e;
  }
}

async function start(
  client: KubeClient,
  connection: ClusterConnection,
  options: ServerOptions,
  defaults: ServerConfig,
  deps: RunServerDeps,
  env: Record<string, string | undefined>,
): Promise<RunningServer> {
  const discovery = new Discovery(client);
  const version = await discovery.serverVersion().catch((e: unknown) => {
    throw new AbortError(`cannot reach the Kubernetes API at ${connection.server}: ${(e as Error).message}`, {
      hint: 'check --kubeconfig; for a local cluster run `driftless local-cluster up` first',
    });
  });
  const namespace = options.namespace ?? defaults.namespace;
  // One watch cache for everything, and one settings source on it for start-up parameters, the
  // controller and the API: argocd-cm and friends are read in one place, parsed once per change.
  const logged: { log?: Logger } = {};
  const t0 = performance.now();
  const component = options.component ?? defaults.component;
  const cache = await startCache({ client, discovery, component, logged });
  const settings = new SettingsSource(settingsObjects(cache, namespace));
  const base: Base = {
    client,
    connection,
    discovery,
    cache,
    settings,
    options,
    defaults,
    deps,
    env,
    logged,
    kubernetes: version.gitVersion,
    cacheMs: Math.round(performance.now() - t0),
  };
  try {
    return await wire(base);
  } catch (e) {
    settings.close();
    await cache.stop();
    throw e;
  }
}

/** What is connected and synced before the configuration is resolved. */
interface Base {
  client: KubeClient;
  connection: ClusterConnection;
  discovery: Discovery;
  cache: LiveCache;
  settings: SettingsSource;
  options: ServerOptions;
  defaults: ServerConfig;
  deps: RunServerDeps;
  env: Record<string, string | undefined>;
  /** Receives the logger once the configuration says which. */
  logged: { log?: Logger };
  kubernetes: string;
  cacheMs: number;
}

async function wire(base: Base): Promise<RunningServer> {
  const { client, connection, discovery, cache, settings, deps } = base;
  const params = startupParams(settings.current(), base.env);
  const config = resolveServerConfig(base.options, params.cmdParams, params.argocdCm, base.defaults);
  const log = deps.log ?? createLogger({ format: config.logFormat, level: config.logLevel });
  base.logged.log = log;
  log.info('connected', { server: connection.server, kubernetes: base.kubernetes });
  log.info('live-state cache synced', { objects: cache.stats().objects, ms: base.cacheMs });
  for (const note of params.ignored) log.info(`start-up parameter not applied: ${note}`);
  const removeLoopBlocker = installLoopBlocker(base.env, log);

  const metrics = new ApiMetrics();
  // Repository Secrets and the known-hosts / TLS ConfigMaps, read from the controller's watch cache
  // at each git command: a new or rotated credential applies without a restart.
  const namespaceObjects = namespaceObjectsOf(cache, config.namespace);
  const { repo, checkouts } = await repoForCallers(config, {
    client,
    objects: namespaceObjects,
    env: base.env,
    onRemoteCall: (kind, ms, repoURL) => metrics.gitRequest(kind, ms, repoURL),
  });
  const controller = new ApplicationController({
    client,
    discovery,
    cache,
    settings,
    repo,
    log,
    config: {
      namespace: config.namespace,
      pollIntervalMs: config.reconciliationMs,
      pollJitterMs: config.reconciliationJitterMs,
      concurrency: config.statusProcessors,
      operationConcurrency: config.operationProcessors,
      trackingMethod: config.tracking,
      serverSideDiff: config.serverSideDiff,
      inClusterServer: connection.server,
      selfHealBackoff: { baseMs: config.selfHealBackoffBaseMs, maxMs: config.selfHealBackoffMaxMs },
      ...(config.installationID ? { installationID: config.installationID } : {}),
      installCrds: config.installCrds,
    },
    ...(config.controllerReplicas > 1 && config.component !== 'server'
      ? { sharding: shardingConfig(config) }
      : {}),
  });
  const read = readPort(controller);
  const writer = appWriter(client, config.namespace);
  const status = controllerStatus(controller);
  const generatorDeps = appSetDeps(controller, checkouts, config.namespace);
  let ready = false;
  const reconciles = config.component !== 'server';
  metrics.attach(status);
  // Argo CD serves the per-app and cluster metrics from the application controller only.
  const detachMetrics = reconciles ? attachControllerMetrics(metrics.registry, controller) : () => {};
  if (reconciles) registerClusterMetrics(metrics.registry, () => read.clusters.views(read.clusters.list()));
  registerWatchMetrics(metrics.registry, () => watchSources(controller));
  // The controller component serves only probes and metrics; the others the API (HTTPS unless insecure).
  const http =
    config.component === 'application-controller'
      ? await startProbeServer({ metrics, port: config.port, host: config.address, ready: () => ready })
      : await startApiServer({
          metrics,
          read,
          writer,
          resources: resourceWriter(controller, log),
          git: gitWritePort(
            controller,
            {
              credentials: new LiveRepoSettings(namespaceObjects),
              workRoot: join(config.cacheDir, 'git-writes'),
              author: { name: 'Driftless', email: 'driftless@localhost' },
            },
            digestDeps(controller, client, namespaceObjects),
          ),
          settings,
          controller: status,
          port: config.port,
          host: config.address,
          rootPath: config.rootPath,
          log,
          version: deps.version ?? '0.0.0',
          ready: () => ready,
          tls: !config.insecure,
          appSetPreview: async (set) => (await generateApplications(set, generatorDeps)).apps,
          ...(config.uiDir ? { uiDir: config.uiDir } : {}),
        });
  const metricsPort = await startMetricsPort(config, metrics, () => ready);
  const closeHttp = async () => {
    await http.close();
    await metricsPort?.close();
    detachMetrics();
  };
  try {
    await controller.start({ reconcile: reconciles });
  } catch (e) {
    await closeHttp();
    await controller.stop();
    throw e;
  }
  let appSets: AppSetController | undefined;
  if (config.component !== 'server') {
    appSets = new AppSetController({
      client,
      cache: controller.ctx.cache,
      namespace: config.namespace,
      deps: generatorDeps,
      log,
      ...(controller.shards ? { owns: (name: string) => ownsAppSet(controller, name) } : {}),
    });
    appSets.start();
    const sets = appSets;
    controller.onShardChange.add(() => sets.enqueueAll());
  }
  // Notifications run beside the controller (Argo CD's notifications-controller), not in an API-only replica.
  const notifier =
    config.component !== 'server' ? startNotifier(controller, client, settings, log) : undefined;
  if (notifier) metrics.sources.push(() => notifier.stats.text());
  // The image updater writes to Git beside the controller (Argo CD Image Updater's place), not in an API-only replica.
  const images =
    config.component !== 'server'
      ? startImageUpdater({
          controller,
          client,
          log,
          cacheDir: config.cacheDir,
          objects: namespaceObjects,
          metrics: metrics.registry,
        })
      : undefined;
  ready = true;
  // Announce "ready" only once the API can answer, so a client started on that line never sees a 503.
  await http.whenServing();
  const host = config.address.includes(':') ? `[${config.address}]` : config.address;
  const scheme = 'tls' in http && http.tls ? 'https' : 'http';
  const url = `${scheme}://${host}:${http.port}${config.rootPath.replace(/\/$/, '')}`;
  log.info('driftless server ready', {
    component: config.component,
    namespace: config.namespace,
    url,
    // Which credentials it runs with: 'in-cluster' (the ServiceAccount's mount) or the kubeconfig's context.
    cluster: connection.name,
    apiServer: connection.server,
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    port: http.port,
    metricsPort: metricsPort?.port,
    config,
    stats: controller.stats,
    initialAdminPassword: () => readInitialAdminPassword(writer),
    stop: () =>
      (stopping ??= (async () => {
        log.info('shutting down');
        removeLoopBlocker();
        await closeHttp();
        await appSets?.stop();
        await notifier?.stop();
        await images?.stop();
        await controller.stop();
        settings.close();
        await cache.stop();
        client.close();
      })()),
  };
}

/** The replica's identity and hashing, from --controller-id (else the host name) and the algorithm. */
function shardingConfig(config: ServerConfig): ShardingConfig {
  const id =
    config.controllerId ??
    hostname()
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '-');
  return {
    id,
    by: config.shardingBy ?? ARGOCD_ALGORITHMS[config.shardingAlgorithm] ?? 'app',
    leaseDurationMs: config.shardLeaseDurationMs,
    // As Argo CD: ARGOCD_CONTROLLER_SHARD when set, else the ordinal of the StatefulSet Pod's name.
    index: config.controllerShard ?? ordinalOf(id),
  };
}

/** An ApplicationSet is hashed like an app of the same name, so exactly one replica writes its apps. */
function ownsAppSet(controller: ApplicationController, name: string): boolean {
  const namespace = controller.ctx.config.namespace;
  return controller.shards?.owns({ namespace, name: `applicationset/${name}` }) ?? true;
}

/** What ApplicationSet generators read, through the app controller's parts: clusters, Git, the namespace's objects. */
function appSetDeps(
  controller: ApplicationController,
  repo: CallerRepos['checkouts'],
  namespace: string,
): GeneratorDeps {
  const { ctx } = controller;
  return {
    clusters: () => ctx.clusters.list(),
    checkout: (repoURL, revision, project) =>
      repo.checkout(repoURL, revision, { project: project || 'default' }),
    object: (kind, name) => ctx.cache.get({ group: '', kind, namespace, name }),
    list: async (apiVersion, kind) => {
      const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
      await ctx.cache.ensureType(group, kind);
      return ctx.cache.list(group, kind, namespace);
    },
    http: httpCall,
  };
}
