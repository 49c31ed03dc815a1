// What every part of the controller shares: clients, caches, configuration, and app lookups.
import type { Logger } from '../common/log.js';
import type { Timers } from '../common/timers.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import type { LiveCache } from '../kube/live-cache.js';
import type { ClusterRegistry } from '../kube/cluster-registry.js';
import type { ClusterCaches, ClusterTarget } from './cluster-caches.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { RepoPort } from '../render/index.js';
import type { Application, KubeObject } from '../model/index.js';
import { ANNOTATION_INSTALLATION_ID, API_GROUP, LABEL_INSTANCE } from '../model/index.js';
import { appInstanceName } from '../model/tracking.js';
import { guardrailViolations, projectGuardrails } from '../policy/index.js';
import type { HealthResult } from './compare-app.js';
import type { TrackingMethod } from './prepare-desired.js';
import type { EventRecorder } from './events.js';
import type { AppStore } from './app-store.js';

export { AppStore } from './app-store.js';
import type { OpDeps } from '../sync/op-deps.js';
import type { DiffSettings } from '../diff/diff-settings.js';
import type { PredictionCache } from './prediction-cache.js';
import { dryRunPassed, recordApplied } from './predict-live.js';
import type { SettingsSource } from '../settings/settings-source.js';

export interface ControllerConfig {
  /** Where Applications and AppProjects live (Argo CD's default: argocd). */
  namespace: string;
  fieldManager: string;
  trackingMethod: TrackingMethod;
  /** Refresh every app this often, plus a random delay up to `pollJitterMs`. */
  pollIntervalMs: number;
  pollJitterMs: number;
  /** Parallel refreshes (Argo CD's status processors). */
  concurrency: number;
  /** Parallel operations (Argo CD's operation processors), on workers of their own. */
  operationConcurrency: number;
  /** How long one sync wave may take to become healthy. */
  waveTimeoutMs: number;
  /** Self-heal backoff after repeated heals of the same app. */
  selfHealBackoff: { baseMs: number; maxMs: number };
  /** The API server URL of the cluster we run against (also accepted as destination.server). */
  inClusterServer: string;
  /**
   * Argo CD's `installationID`: written on every tracked resource and required when matching, so
   * several instances managing apps of the same name in one cluster never claim each other's objects.
   */
  installationID?: string | undefined;
  /**
   * Compare through server-side-apply dry runs unless an Application says `ServerSideDiff=false`
   * (`controller.diff.server.side`; default true, see docs/adr/0011).
   */
  serverSideDiff: boolean;
  /**
   * Apply the shipped argoproj.io CRDs at start (taking their fields over from any other manager).
   * Off by default: the CRDs belong to the install manifests, and the controller only checks them.
   */
  installCrds: boolean;
  /** The manager named on Application status and operation writes: each shard replica its own (ADR 0028). */
  appFieldManager?: string | undefined;
}

export const DEFAULT_CONFIG: Omit<ControllerConfig, 'inClusterServer'> = {
  namespace: 'argocd',
  fieldManager: 'driftless',
  trackingMethod: 'annotation',
  serverSideDiff: true,
  pollIntervalMs: 180_000,
  pollJitterMs: 18_000,
  concurrency: 10,
  operationConcurrency: 10,
  waveTimeoutMs: 10 * 60_000,
  selfHealBackoff: { baseMs: 2_000, maxMs: 3 * 60_000 },
  installCrds: false,
};

/** Timing hooks for metrics; the API server installs one, the default does nothing. */
export interface ControllerObserver {
  /** One reconcile of the app `name` took `ms`. */
  reconcile(ms: number, name: string): void;
  render(ms: number, cached: boolean): void;
}

export const noObserver: ControllerObserver = { reconcile: () => {}, render: () => {} };

export interface ControllerContext {
  observer: ControllerObserver;
  client: KubeClient;
  discovery: Discovery;
  cache: LiveCache;
  /** Destination clusters: cluster Secrets of the control namespace (from `cache`) plus in-cluster. */
  clusters: ClusterRegistry;
  /** One live cache per destination cluster (in-cluster: `cache` itself), started on first use. */
  targets: ClusterCaches;
  repo: RepoPort;
  assessHealth: (obj: KubeObject) => HealthResult;
  config: ControllerConfig;
  log: Logger;
  events: EventRecorder;
  apps: AppStore;
  /** Every clock of the controller (operations, retries, backoffs) goes through these. */
  timers: Timers;
  now: () => Date;
  /** Server-side-diff predictions, shared by the reconcile loop and the API's diff views. */
  predictions: PredictionCache;
  /** argocd-cm and the other settings objects (shared with the API server). */
  settings: SettingsSource;
  /** Comparison settings from argocd-cm, current as of its last change. */
  diffSettings: () => DiffSettings;
  /** Operations running in this controller now (progress writes space out as more run; unset: one). */
  operationsRunning?: () => number;
  /** Apps this controller polls (those it owns): their status heartbeats space out as there are more. */
  appsPolled?: () => number;
}

/** argocd-cm `kustomize.buildOptions`: extra arguments for every `kustomize build`. */
export function kustomizeBuildOptions(ctx: ControllerContext): string | undefined {
  return ctx.settings.current().cm.data['kustomize.buildOptions']?.trim() || undefined;
}

export function instanceOf(ctx: ControllerContext, app: Application): string {
  return appInstanceName(
    app.metadata.name,
    app.metadata.namespace ?? ctx.config.namespace,
    ctx.config.namespace,
  );
}

/**
 * Live objects tracked as this app's in its destination cluster's cache, by the configured tracking method;
 * controller-owned children excluded.
 */
export function trackedObjects(ctx: ControllerContext, app: Application, cache: LiveCache): KubeObject[] {
  const instance = instanceOf(ctx, app);
  const method = ctx.config.trackingMethod;
  const found = new Map<string, KubeObject>();
  if (method !== 'label')
    for (const o of cache.byTrackingInstance(instance))
      if (isThisInstallation(ctx, o)) found.set(o.metadata.uid ?? '', o);
  if (method === 'label') {
    for (const o of cache.byInstanceLabel(instance)) {
      // Pods and ReplicaSets inherit labels from their templates: only top-level objects are the app's.
      if (o.metadata.ownerReferences?.some((r) => r.controller)) continue;
      if (o.metadata.labels?.[LABEL_INSTANCE] === instance && isThisInstallation(ctx, o))
        found.set(o.metadata.uid ?? '', o);
    }
  }
  return [...found.values()];
}

/** Whether an object belongs to this installation: its installation-id annotation equals ours (both may be unset). */
export function isThisInstallation(ctx: ControllerContext, obj: KubeObject): boolean {
  return (
    (obj.metadata.annotations?.[ANNOTATION_INSTALLATION_ID] ?? undefined) ===
    (ctx.config.installationID || undefined)
  );
}

export { APPLICATION_RESOURCE } from '../model/applicationset.js';

export const APPPROJECT_RESOURCE: ApiResource = {
  group: API_GROUP,
  version: 'v1alpha1',
  kind: 'AppProject',
  resource: 'appprojects',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
};

/** What an operation (or a PostDelete hook run) needs, on the app's destination cluster; `operationId` marks its hooks. */
export function operationDeps(
  ctx: ControllerContext,
  target: ClusterTarget,
  operationId: string,
  signal?: AbortSignal,
  app?: Application,
): OpDeps {
  const guardrails = app && projectGuardrails(ctx.apps.project(app.spec.project || 'default'));
  return {
    ...(guardrails && (guardrails.enabled.size > 0 || guardrails.unknown.length > 0)
      ? { guardrail: (obj: KubeObject) => guardrailViolations(guardrails, obj) }
      : {}),
    client: target.client,
    discovery: target.discovery,
    live: target.cache,
    timers: ctx.timers,
    assessHealth: ctx.assessHealth,
    fieldManager: ctx.config.fieldManager,
    dryRunPassed: (task) =>
      task.desired !== undefined && dryRunPassed(ctx, target, task.desired, task.syncOptions.validate),
    applied: (task, written) => {
      if (task.desired) recordApplied(ctx, target, task.desired, written, task.syncOptions.validate);
    },
    operationId,
    ...(signal ? { signal } : {}),
  };
}
