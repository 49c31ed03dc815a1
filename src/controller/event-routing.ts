// Watch events → work: which apps a change to an Application, a cluster or repository setting, an
// AppProject or a tracked live object queues for a refresh (and what it does to predictions on the way).
import type { Application, KubeObject } from '../model/index.js';
import { ANNOTATION_REFRESH, ANNOTATION_TRACKING_ID, API_GROUP, LABEL_SECRET_TYPE } from '../model/index.js';
import { isClusterSecret } from '../model/cluster-secret.js';
import { SSH_KNOWN_HOSTS_CM, TLS_CERTS_CM } from '../model/settings-objects.js';
import { parseTrackingId } from '../model/tracking.js';
import type { DiffSettings } from '../diff/diff-settings.js';
import type { HealthResult } from './compare-app.js';
import type { PredictionCache } from './prediction-cache.js';
import { resourceUpdateIgnored } from './resource-updates.js';

const REPO_CONFIG_MAPS = new Set([SSH_KNOWN_HOSTS_CM, TLS_CERTS_CM]);

/** What the routing reads, and the controller's hands it routes to. */
export interface EventRoutingDeps {
  /** The control namespace: Applications, projects and settings live here. */
  namespace: string;
  apps: () => readonly Application[];
  diffSettings: () => DiffSettings;
  assessHealth: (obj: KubeObject) => HealthResult;
  /** Queues a refresh of the app (a settings, project or cluster change). */
  refresh: (name: string) => void;
  /** Queues a refresh for a change, unless the app's operation waits or runs (its end asks for one). */
  refreshOnChange: (name: string) => void;
  /** The app's operation is being terminated (status.operationState.phase = Terminating). */
  terminate: (name: string) => void;
  /** A cluster Secret was added, changed or removed (before its apps are queued). */
  clustersChanged: () => void;
  /** The server of the cluster the app deploys to; undefined when its destination does not resolve. */
  serverOf: (app: Application) => string | undefined;
}

/** The part of a cluster target the routing touches: its server-side-diff predictions. */
export interface RoutedTarget {
  predictions: Pick<PredictionCache, 'evict' | 'carry'>;
}

export class EventRouter {
  constructor(private readonly deps: EventRoutingDeps) {}

  /**
   * A change in the control cluster's cache: the app itself changed, a setting every app depends on,
   * a project, or (else) a live object `hub` holds.
   */
  onChange(hub: RoutedTarget, type: string, obj: KubeObject, old: KubeObject | undefined): void {
    const { namespace: ns } = this.deps;
    if (
      obj.kind === 'Application' &&
      obj.apiVersion.startsWith(`${API_GROUP}/`) &&
      obj.metadata.namespace === ns
    ) {
      const app = obj as Application;
      if (app.status?.operationState?.phase === 'Terminating') this.deps.terminate(app.metadata.name);
      if (type !== 'modified' || !old || specChanged(old as Application, app))
        this.deps.refreshOnChange(app.metadata.name);
      return;
    }
    if (isClusterSecret(obj) && obj.metadata.namespace === ns) {
      // A cluster added, changed (credentials, namespaces) or removed: its apps resolve again now.
      this.deps.clustersChanged();
      this.refreshAll();
      return;
    }
    if (isRepoSetting(obj, ns)) {
      // New or rotated repository credentials: every app re-resolves with them now, not at the next poll.
      this.refreshAll();
      return;
    }
    if (obj.kind === 'AppProject' && obj.metadata.namespace === ns) {
      for (const app of this.deps.apps())
        if ((app.spec.project || 'default') === obj.metadata.name) this.deps.refresh(app.metadata.name);
      return;
    }
    this.onResourceChange(hub, type, obj, old);
  }

  /** A live object changed in a destination cluster: re-reconcile the app that tracks it. */
  onResourceChange(target: RoutedTarget, type: string, obj: KubeObject, old: KubeObject | undefined): void {
    if (type === 'deleted' && obj.metadata.uid) target.predictions.evict(obj.metadata.uid);
    // A status-only change (a Deployment rolling out) keeps the object's prediction: no dry run for it.
    if (type === 'modified' && old) target.predictions.carry(old, obj);
    if (
      type === 'modified' &&
      old &&
      resourceUpdateIgnored(this.deps.diffSettings(), old, obj, this.deps.assessHealth)
    )
      return;
    for (const o of old ? [obj, old] : [obj]) {
      const raw = o.metadata.annotations?.[ANNOTATION_TRACKING_ID];
      const id = raw ? parseTrackingId(raw) : undefined;
      if (id && (id.appNamespace === undefined || id.appNamespace === this.deps.namespace))
        this.deps.refreshOnChange(id.appName);
    }
  }

  /** A destination cluster's connection failed or came back: every app deploying there. */
  onClusterStateChange(server: string): void {
    for (const app of this.deps.apps())
      if (this.deps.serverOf(app) === server) this.deps.refresh(app.metadata.name);
  }

  refreshAll(): void {
    for (const app of this.deps.apps()) this.deps.refresh(app.metadata.name);
  }
}

/** Repository Secrets and the ConfigMaps git reads (known hosts, TLS certificates) in the control namespace. */
export function isRepoSetting(obj: KubeObject, ns: string): boolean {
  if (obj.metadata.namespace !== ns) return false;
  if (obj.kind === 'Secret') {
    const type = obj.metadata.labels?.[LABEL_SECRET_TYPE];
    return type === 'repository' || type === 'repo-creds';
  }
  return obj.kind === 'ConfigMap' && REPO_CONFIG_MAPS.has(obj.metadata.name ?? '');
}

/**
 * Whether an Application event is more than our own writes (spec, operation, annotations, deletion). The
 * refresh annotation's removal alone (ours, once the refresh it asked for is done) asks for nothing.
 */
export function specChanged(old: Application, app: Application): boolean {
  if (old.metadata.generation !== app.metadata.generation) return true;
  if (old.metadata.deletionTimestamp !== app.metadata.deletionTimestamp) return true;
  const refresh = app.metadata.annotations?.[ANNOTATION_REFRESH];
  if (refresh !== undefined && refresh !== old.metadata.annotations?.[ANNOTATION_REFRESH]) return true;
  if (JSON.stringify(otherAnnotations(old)) !== JSON.stringify(otherAnnotations(app))) return true;
  if (JSON.stringify(old.metadata.finalizers ?? []) !== JSON.stringify(app.metadata.finalizers ?? []))
    return true;
  return JSON.stringify(old.operation ?? null) !== JSON.stringify(app.operation ?? null);
}

function otherAnnotations(app: Application): Record<string, string> {
  const { [ANNOTATION_REFRESH]: _refresh, ...rest } = app.metadata.annotations ?? {};
  return rest;
}
