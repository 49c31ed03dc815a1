// The API server's ports, wired here from the controller's cache and app store and the Kubernetes
// client: the API reads what the controller keeps and writes only Applications, AppProjects, ApplicationSets and Secrets.
import { AbortError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import {
  APPLICATIONSET_RESOURCE,
  splitApiVersion,
  type Application,
  type KubeObject,
} from '../model/index.js';
import type { ApplicationController } from '../controller/app-controller.js';
import { appManifests } from '../controller/app-manifests.js';
import { previewApp } from '../controller/app-preview.js';
import { followedBranch, gitRollback, type GitWriteDeps } from '../controller/git-rollback.js';
import { readImageConfig } from '../image/annotations.js';
import { sameImageName, type ImageRef } from '../image/image-ref.js';
import { promoteToGit } from '../image/promote-write.js';
import { parseGitAuthor, type GitAuthor } from '../common/git-author.js';
import type { RegistryClient } from '../image/registry-client.js';
import { gitWritePolicy } from '../policy/index.js';
import { APPLICATION_RESOURCE, APPPROJECT_RESOURCE, trackedObjects } from '../controller/context.js';
import { liveTarget, resolveDestination } from '../controller/destination.js';
import { shardedApp } from '../controller/sharding/lease-shards.js';
import { clusterPins, shardOfApp, ShardDirectory } from '../controller/sharding/shard-directory.js';
import { KubeEventRecorder } from '../controller/events.js';
import type { ApiResource } from '../kube/api-resource.js';
import { clusterPort } from './cluster-port.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import { openPodLog } from '../kube/pod-logs.js';
import type { LiveCache } from '../kube/live-cache.js';
import type {
  AppWriter,
  ClusterResources,
  ControllerStatus,
  GitWritePort,
  ReadPort,
  ResourceWriter,
  WritableKind,
} from '../server/ports.js';
import type { SettingsObjects } from '../settings/settings-source.js';
import type { RegistryCredentialSource } from './pull-credentials.js';

export const SECRET_RESOURCE: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
};

const EVENT_RESOURCE: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  namespaced: true,
  verbs: ['list'],
};

const WRITABLE: Record<WritableKind, ApiResource> = {
  Application: APPLICATION_RESOURCE,
  AppProject: APPPROJECT_RESOURCE,
  ApplicationSet: APPLICATIONSET_RESOURCE,
  Secret: SECRET_RESOURCE,
};

/** How many Events one view lists at most. */
const EVENT_LIMIT = 500;

export function readPort(controller: ApplicationController): ReadPort {
  const { ctx } = controller;
  const shards = new ShardDirectory({
    client: ctx.client,
    namespace: ctx.config.namespace,
    timers: ctx.timers,
    log: ctx.log,
  });
  return {
    namespace: ctx.config.namespace,
    fieldManager: ctx.config.fieldManager,
    apps: ctx.apps,
    repo: ctx.repo,
    get: (key) => ctx.cache.get(key),
    list: (group, kind, namespace) => ctx.cache.list(group, kind, namespace),
    // The hub's and every destination cluster's cache (uids are unique across clusters).
    childrenOf: (uid) =>
      [ctx.cache, ...ctx.targets.runtimesList().map((t) => t.cache)].flatMap((c) => c.childrenOf(uid)),
    on: (listener) => ctx.cache.on(listener),
    trackedObjects: (app) => {
      const target = liveTarget(ctx, app);
      return target ? trackedObjects(ctx, app, target.cache) : [];
    },
    liveObject: (app, key) => liveTarget(ctx, app)?.cache.get(key),
    clusters: clusterPort(ctx, shards),
    async controllerShard(app) {
      const d = resolveDestination(ctx, app);
      const placed = shardedApp(app, d.ok ? d.cluster.server : undefined);
      return shardOfApp(await shards.layout(), placed, clusterPins(ctx.clusters.list()));
    },
    assessHealth: (obj) => ctx.assessHealth(obj),
    manifests: (app, opts) => appManifests(ctx, app, opts),
    diffSettings: () => ctx.diffSettings(),
    preview: (app, rev) => previewApp(ctx, app, rev),
    serverVersion: () => ctx.discovery.serverVersion(),
    events: async ({ namespace, fieldSelector }) =>
      (
        await ctx.client.list(EVENT_RESOURCE, {
          limit: EVENT_LIMIT,
          ...(namespace ? { namespace } : {}),
          ...(fieldSelector ? { fieldSelector } : {}),
        })
      ).items,
    ping: (signal) => ctx.client.request({ method: 'GET', path: '/version', signal }),
  };
}

/** argocd-cm's key for the author of rollback --git and promote commits (`Name <email>`). */
export const AUTHOR_SETTING = 'driftless.git-write.author';

/** How promote resolves a tag to a digest: the registry client and the updater's credential sources. */
export interface DigestDeps {
  registry: RegistryClient;
  credentials: RegistryCredentialSource;
}

/** The pull-secret the app's image-updater annotations give `image`, if any. */
function annotatedPullSecret(app: Application, image: ImageRef): string | undefined {
  try {
    const config = readImageConfig(app.metadata.name, app.metadata.annotations ?? {});
    return config?.images.find((s) => sameImageName(s.image.name, image.name))?.pullSecret;
  } catch {
    return undefined; // the updater reports bad annotations; promotion falls back to registries.conf
  }
}

/** Commits for the API (rollback --git, promote), with the repositories' credentials read at each write. */
export function gitWritePort(
  controller: ApplicationController,
  deps: GitWriteDeps,
  digests: DigestDeps,
): GitWritePort {
  const { ctx } = controller;
  // The request's author, else argocd-cm's driftless.git-write.author, else the built-in one.
  const authored = (author: GitAuthor | undefined): GitWriteDeps => {
    if (author) return { ...deps, author };
    const cm = ctx.cache.get({
      group: '',
      kind: 'ConfigMap',
      namespace: ctx.config.namespace,
      name: 'argocd-cm',
    }) as { data?: Record<string, string> } | undefined;
    const set = cm?.data?.[AUTHOR_SETTING]?.trim();
    return set ? { ...deps, author: parseGitAuthor(set, `argocd-cm ${AUTHOR_SETTING}`) } : deps;
  };
  return {
    rollback: (app, req) => gitRollback(ctx, authored(req.author), app, req),
    promote: async (app, req) => {
      const { source, branch } = await followedBranch(ctx, app);
      const project = app.spec.project || 'default';
      const review = gitWritePolicy(ctx.apps.project(project)) === 'review';
      const resolveDigest = async (image: ImageRef): Promise<string> => {
        const creds = await digests.credentials.forImage(image, annotatedPullSecret(app, image));
        const ref = image.tag ?? 'latest';
        return (await digests.registry.manifest(image.registry, image.repository, ref, creds)).digest;
      };
      return promoteToGit(
        { ...req, repoURL: source.repoURL, branch, project, review, resolveDigest },
        authored(req.author),
      );
    },
  };
}

export function appWriter(client: KubeClient, namespace: string): AppWriter {
  const res = (kind: WritableKind) => WRITABLE[kind];
  return {
    namespace,
    get: <T extends KubeObject>(kind: WritableKind, name: string) =>
      client.get<T>(res(kind), name, { namespace }),
    create: (kind, obj) => client.create(res(kind), obj, { namespace: obj.metadata.namespace ?? namespace }),
    replace: (kind, obj) =>
      client.replace(res(kind), obj, { namespace: obj.metadata.namespace ?? namespace }),
    patch: <T extends KubeObject>(
      kind: WritableKind,
      name: string,
      patch: unknown,
      opts: { type?: 'merge' | 'json' | 'strategic'; dryRun?: boolean } = {},
    ) =>
      client.patch<T>(res(kind), name, patch, {
        namespace,
        type: opts.type ?? 'merge',
        ...(opts.dryRun ? { dryRun: true } : {}),
      }),
    patchStatus: <T extends KubeObject>(kind: 'Application', name: string, patch: unknown) =>
      client.patchStatus<T>(res(kind), name, patch, { namespace, type: 'merge' }),
    delete: (kind, name) => client.delete(res(kind), name, { namespace }),
  };
}

/** Resources of one cluster through its client and discovery (the API has checked RBAC and the tree). */
function clusterResources(cluster: string, client: KubeClient, discovery: Discovery): ClusterResources {
  const resource = async (group: string, kind: string, version?: string): Promise<ApiResource> => {
    const res = await discovery.find(group, kind, version);
    if (!res) throw new AbortError(`cluster ${cluster} does not serve ${group ? `${kind}.${group}` : kind}`);
    return res;
  };
  const ns = (res: ApiResource, namespace: string) => (res.namespaced && namespace ? namespace : undefined);
  return {
    cluster,
    served: async (group, kind, version) => (await discovery.find(group, kind, version)) !== undefined,
    get: async (key) => {
      const res = await resource(key.group, key.kind);
      return client.get(res, key.name, { namespace: ns(res, key.namespace) });
    },
    patch: async (key, patch, type) => {
      const res = await resource(key.group, key.kind);
      return client.patch(res, key.name, patch, { namespace: ns(res, key.namespace), type });
    },
    create: async (obj, namespace) => {
      const { group, version } = splitApiVersion(obj.apiVersion);
      const res = await resource(group, obj.kind, version);
      return client.create(res, obj, { namespace: ns(res, obj.metadata.namespace ?? namespace) });
    },
    delete: async (key, opts) => {
      const res = await resource(key.group, key.kind);
      await client.delete(res, key.name, {
        namespace: ns(res, key.namespace),
        propagationPolicy: opts.orphan ? 'Orphan' : opts.force ? 'Background' : 'Foreground',
        ...(opts.force ? { gracePeriodSeconds: 0 } : {}),
      });
    },
    podLog: (opts) => openPodLog(client, opts),
  };
}

/** Each app's resources through its destination cluster's client (the hub's, or the spoke's whose cache runs here). */
export function resourceWriter(controller: ApplicationController, log: Logger): ResourceWriter {
  const { ctx } = controller;
  const events = new KubeEventRecorder(ctx.client, log, () => new Date(), 'driftless-server');
  return {
    of: (app) => {
      const d = resolveDestination(ctx, app);
      if (!d.ok) return { error: d.error };
      const target = ctx.targets.peek(d.cluster);
      if (!target)
        return {
          error: `cluster ${d.cluster.name} (${d.cluster.server}) is not connected in this process yet (its cache starts when an app on it is reconciled)`,
        };
      return clusterResources(d.cluster.name, target.client, target.discovery);
    },
    recordAppEvent: (app, reason, message) => events.record(app, 'Normal', reason, message),
  };
}

export function controllerStatus(controller: ApplicationController): ControllerStatus {
  return {
    stats: controller.stats,
    queueDepth: () => controller.queue.length,
    observe: (observer) => {
      controller.ctx.observer = observer;
    },
  };
}

/** The settings objects of the control namespace, as the shared settings source reads them. */
export function settingsObjects(cache: LiveCache, namespace: string): SettingsObjects {
  return {
    get: (kind, name) => cache.get({ group: '', kind, namespace, name }),
    on: (listener) =>
      cache.on((_type, obj) => {
        if (obj.metadata.namespace === namespace) listener(obj);
      }),
  };
}
