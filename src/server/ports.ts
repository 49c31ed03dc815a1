// What the API server is handed instead of the controller's context: a read port (the live cache, the
// controller's view of apps, renders for views) and a writer for the few kinds the API changes.
import type { Cluster } from '../model/cluster-secret.js';
import type { ClusterView } from './cluster-view.js';
import type { AppManifests } from '../controller/app-manifests.js';
import type { AppPreview, PreviewRevisions } from '../controller/app-preview.js';
import type { GitRollbackRequest } from '../controller/git-rollback.js';
import type { AppStore } from '../controller/app-store.js';
import type { HealthResult } from '../controller/compare-app.js';
import type { ControllerContext, ControllerObserver } from '../controller/context.js';
import type { RefreshFailed } from '../controller/refresh.js';
import type { ControllerShard } from '../controller/sharding/shard-directory.js';
import type { DiffSettings } from '../diff/diff-settings.js';
import type { Application, GitRollbackResult, KubeObject, ResourceKey } from '../model/index.js';
import type { PodLogLine, PodLogOptions } from '../model/pod-log.js';

export type CacheEventType = 'added' | 'modified' | 'deleted';
export type CacheListener = (type: CacheEventType, obj: KubeObject, old: KubeObject | undefined) => void;

/** Apps and projects as the controller sees them; reads by name reflect the API's own writes. */
export type AppReads = Pick<
  AppStore,
  'list' | 'get' | 'read' | 'until' | 'project' | 'readProject' | 'remember' | 'rememberDeleted'
>;

/** What the API asks of the repo service. */
export type RepoReads = Pick<
  ControllerContext['repo'],
  'revisionMetadata' | 'testRepository' | 'appDetails' | 'stats' | 'lsRemote' | 'changedFiles'
>;

export interface ReadPort {
  /** The control namespace: Applications, AppProjects and settings live here. */
  readonly namespace: string;
  /** The field manager whose fields count as ours in diffs. */
  readonly fieldManager: string;
  readonly apps: AppReads;
  readonly repo: RepoReads;
  /** Live objects from the watch cache. */
  get(key: ResourceKey): KubeObject | undefined;
  list(group: string, kind: string, namespace?: string): KubeObject[];
  childrenOf(uid: string): KubeObject[];
  on(listener: CacheListener): () => void;
  /** The live objects tracked as the app's. */
  trackedObjects(app: Application): KubeObject[];
  /** One live object from the cache of the app's destination cluster (the hub's or a spoke's). */
  liveObject(app: Application, key: ResourceKey): KubeObject | undefined;
  assessHealth(obj: KubeObject): HealthResult;
  /** Desired objects rendered and paired with live ones, as the controller compares them. */
  manifests(
    app: Application,
    opts?: { revision?: string | undefined; revisions?: readonly string[] | undefined },
  ): Promise<AppManifests | RefreshFailed>;
  diffSettings(): DiffSettings;
  /** A PR preview of one app (undefined: none of its sources follows the base). */
  preview(app: Application, rev: PreviewRevisions): Promise<AppPreview | undefined>;
  serverVersion(): Promise<{ gitVersion: string; platform?: string | undefined }>;
  /** Events from the API server (they churn, so they are not cached). */
  events(opts: { namespace?: string | undefined; fieldSelector?: string | undefined }): Promise<KubeObject[]>;
  /** Resolves when the kube-apiserver answers. */
  ping(signal: AbortSignal): Promise<unknown>;
  /** Destination clusters (cluster Secrets plus in-cluster) and what the API does with them. */
  clusters: ClusterPort;
  /** The controller replica that owns the app now (from the shard Leases); undefined when none share apps. */
  controllerShard(app: Application): Promise<ControllerShard | undefined>;
}

/** Clusters for the API: the registry, their views (connection state, apps, cache), and target-side work. */
export interface ClusterPort {
  list(): Cluster[];
  byServer(server: string): Cluster | undefined;
  byName(name: string): Cluster[];
  /** Views of these clusters, from what the controller knows now (no call to any cluster). */
  views(clusters: readonly Cluster[]): ClusterView[];
  /** The replica that owns the cluster's apps, when it is pinned (`shard`) or apps are placed by cluster. */
  controllerShard(cluster: Cluster): Promise<ControllerShard | undefined>;
  /** Reaches the cluster with these settings (GET /version), or throws why not. */
  test(cluster: Cluster): Promise<void>;
  /** A new argocd-manager token in the target, handed to `store`; then the old token Secrets are deleted. */
  rotateAuth(cluster: Cluster, store: (token: string) => Promise<void>): Promise<void>;
}

/** The kinds the API writes, all in the control namespace. */
export type WritableKind = 'Application' | 'AppProject' | 'ApplicationSet' | 'Secret';
export type PatchType = 'merge' | 'json' | 'strategic';

/** Writes to the API server (and reads straight from it, for read-modify-write). */
export interface AppWriter {
  /** The control namespace every write goes to. */
  readonly namespace: string;
  get<T extends KubeObject = KubeObject>(kind: WritableKind, name: string): Promise<T>;
  create<T extends KubeObject>(kind: WritableKind, obj: T): Promise<T>;
  /** PUT: a stale metadata.resourceVersion is a 409. */
  replace<T extends KubeObject>(kind: WritableKind, obj: T): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    kind: WritableKind,
    name: string,
    patch: unknown,
    opts?: { type?: PatchType; dryRun?: boolean },
  ): Promise<T>;
  patchStatus<T extends KubeObject = KubeObject>(
    kind: 'Application',
    name: string,
    patch: unknown,
  ): Promise<T>;
  /** The object being deleted (finalizers pending) or the server's Status. */
  delete(kind: WritableKind, name: string): Promise<KubeObject>;
}

/**
 * Day-2 work on live resources in one app's destination cluster (actions, deleting or patching one resource,
 * container logs). The API checks RBAC and that the resource is part of the app's tree before it calls any of these.
 */
export interface ClusterResources {
  /** The cluster's name, for messages. */
  readonly cluster: string;
  /** Whether the cluster serves this kind (in this group, at this version if given). */
  served(group: string, kind: string, version?: string): Promise<boolean>;
  /** The object as the cluster's API server has it now. */
  get(key: ResourceKey): Promise<KubeObject>;
  patch(key: ResourceKey, patch: unknown, type: PatchType): Promise<KubeObject>;
  /** Creates `obj` (in `namespace` when its kind is namespaced and it names none). */
  create(obj: KubeObject, namespace: string): Promise<KubeObject>;
  /** `force`: no grace period; `orphan`: its dependents stay. */
  delete(key: ResourceKey, opts: { force: boolean; orphan: boolean }): Promise<void>;
  /** Opens a container's log (a refusal throws before any line); iterate the result for lines. */
  podLog(opts: PodLogOptions): Promise<AsyncIterable<PodLogLine>>;
}

/** The resources of apps' destination clusters (the hub's or a spoke's), and Events on apps (in the hub). */
export interface ResourceWriter {
  /** The app's destination cluster, or why this process cannot reach it now (not declared, not connected). */
  of(app: Application): ClusterResources | { error: string };
  /** A Kubernetes Event on the app saying who changed which of its resources (best effort, never throws). */
  recordAppEvent(app: Application, reason: string, message: string): void;
}

/** The controller figures /metrics shows, and the hook its timings arrive through. */
export interface ControllerStatus {
  readonly stats: { readonly reconciles: number; readonly reconcileErrors: number };
  queueDepth(): number;
  observe(observer: ControllerObserver): void;
}

/** Commits the API asks for (rollback as a revert), written with the repositories' credentials. */
export interface GitWritePort {
  rollback(app: Application, req: GitRollbackRequest): Promise<GitRollbackResult>;
  /** Copies images (by digest) and values from one folder of the app's repository to another. */
  promote(app: Application, req: PromoteRequest): Promise<PromoteResult>;
}

/** What the route resolved: repository-relative folders, labels for the message, who asked. */
export interface PromoteRequest {
  /** The commit's author; undefined: the server's default. */
  author?: { name: string; email: string } | undefined;
  from: string;
  to: string;
  values: string[];
  fromLabel: string;
  toLabel: string;
  user: string;
}

/** What a promotion pushed (the image layer's result, as the API returns it). */
export interface PromoteResult {
  repoURL: string;
  branch: string;
  review: boolean;
  sha: string;
  files: string[];
  /** The commit the source folder was read at. */
  sourceRevision: string;
  images: { name: string; from: string | undefined; to: string }[];
  values: { key: string; from: unknown; to: string | number | boolean }[];
}
