// Argo CD's application controller metrics, by the same names and labels: argocd_app_info,
// argocd_app_condition, argocd_app_sync_total, argocd_app_reconcile, argocd_app_k8s_request_total,
// argocd_kubectl_exec_total/pending, plus Driftless's own controller counters.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { currentApp } from '../app-scope.js';
import type { ApplicationController } from '../app-controller.js';
import type { Application, KubeObject } from '../../model/index.js';
import { API_GROUP } from '../../model/index.js';
import { kubeVerb, kubectlCommand, parseKubeRequestPath } from './kube-request-path.js';

/** Argo CD's buckets for argocd_app_reconcile. */
const RECONCILE_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 16];

function destServer(app: Application): string {
  return app.spec.destination?.server ?? app.spec.destination?.name ?? '';
}

/** The label values Argo CD gives argocd_app_info. */
export function appInfoLabels(app: Application): Record<string, string> {
  const source = app.spec.source ?? app.spec.sources?.[0];
  return {
    name: app.metadata.name,
    namespace: app.metadata.namespace ?? '',
    project: app.spec.project || 'default',
    repo: source?.repoURL ?? '',
    dest_server: destServer(app),
    dest_namespace: app.spec.destination?.namespace ?? '',
    sync_status: app.status?.sync?.status ?? 'Unknown',
    health_status: app.status?.health?.status ?? 'Unknown',
    operation: app.operation?.sync ? 'sync' : '',
    autosync_enabled: String(app.spec.syncPolicy?.automated !== undefined),
  };
}

export function attachAppMetrics(registry: Registry, controller: ApplicationController): () => void {
  const { ctx } = controller;
  const registers = [registry];
  // Each replica reports the apps it owns, so sums over replicas count every app once.
  const apps = () => ctx.apps.list().filter((a) => controller.owns(a));
  const host = new URL(ctx.client.connection.server).host;
  new Gauge({
    name: 'argocd_app_info',
    help: 'Information about application.',
    labelNames: Object.keys(appInfoLabels({ metadata: { name: '' }, spec: {} } as Application)),
    registers,
    collect() {
      this.reset();
      for (const app of apps()) this.set(appInfoLabels(app), 1);
    },
  });
  new Gauge({
    name: 'argocd_app_condition',
    help: 'Report application conditions.',
    labelNames: ['name', 'namespace', 'project', 'condition'] as const,
    registers,
    collect() {
      this.reset();
      for (const app of apps())
        for (const c of app.status?.conditions ?? []) this.inc({ ...appLabels(app), condition: c.type }, 1);
    },
  });
  const syncTotal = new Counter({
    name: 'argocd_app_sync_total',
    help: 'Number of application syncs.',
    labelNames: ['name', 'namespace', 'project', 'dest_server', 'phase'] as const,
    registers,
  });
  const syncSeconds = new Counter({
    name: 'argocd_app_sync_duration_seconds_total',
    help: 'Application sync performance in seconds total.',
    labelNames: ['name', 'namespace', 'project', 'dest_server'] as const,
    registers,
  });
  const reconcile = new Histogram({
    name: 'argocd_app_reconcile',
    help: 'Application reconciliation performance in seconds.',
    labelNames: ['namespace', 'dest_server'] as const,
    buckets: RECONCILE_BUCKETS,
    registers,
  });
  const k8sRequests = new Counter({
    name: 'argocd_app_k8s_request_total',
    help: 'Number of kubernetes requests executed during application reconciliation.',
    labelNames: [
      'name',
      'namespace',
      'project',
      'server',
      'response_code',
      'verb',
      'resource_kind',
      'resource_namespace',
      'dry_run',
    ] as const,
    registers,
  });
  const kubectlTotal = new Counter({
    name: 'argocd_kubectl_exec_total',
    help: 'Number of kubectl executions',
    labelNames: ['hostname', 'command'] as const,
    registers,
  });
  const kubectlPending = new Gauge({
    name: 'argocd_kubectl_exec_pending',
    help: 'Number of pending kubectl executions',
    labelNames: ['hostname', 'command'] as const,
    registers,
  });
  new Gauge({
    name: 'driftless_queue_depth',
    help: 'Apps waiting to be reconciled',
    registers,
    collect() {
      this.set(controller.queue.length);
    },
  });
  new Gauge({
    name: 'driftless_queue_scheduled',
    help: 'Apps with a later reconcile scheduled (periodic polls, retries): about one per app this replica owns',
    registers,
    collect() {
      this.set(controller.queue.scheduled);
    },
  });
  new Counter({
    name: 'driftless_reconcile_errors_total',
    help: 'Reconciles that failed with an error (retried with backoff)',
    registers,
    collect() {
      this.reset();
      this.inc(controller.stats.reconcileErrors);
    },
  });

  const previous = ctx.observer;
  ctx.observer = {
    ...previous,
    reconcile: (ms, name) => {
      const app = ctx.apps.get(name);
      reconcile.observe(
        { namespace: ctx.config.namespace, dest_server: app ? destServer(app) : '' },
        ms / 1000,
      );
    },
  };
  const stopRequests = ctx.client.observe((req) => {
    const scope = currentApp();
    if (!scope) return undefined;
    const target = parseKubeRequestPath(req.path);
    // The app's own status writes are bookkeeping, not work on the cluster.
    const command = target.group === API_GROUP ? undefined : kubectlCommand(req.method, req.contentType);
    const kubectl = { hostname: host, command: command ?? '' };
    if (command) kubectlPending.inc(kubectl);
    return (status) => {
      const app = ctx.apps.get(scope.name);
      k8sRequests.inc({
        name: scope.name,
        namespace: scope.namespace,
        project: app?.spec.project || 'default',
        server: app ? destServer(app) : '',
        response_code: String(status),
        verb: kubeVerb(req.method, target),
        resource_kind: target.resource,
        resource_namespace: target.namespace,
        dry_run: String(req.dryRun),
      });
      if (!command) return;
      kubectlPending.dec(kubectl);
      kubectlTotal.inc(kubectl);
    };
  });
  const stopChanges = ctx.cache.on((type, obj, old) => {
    const finished = finishedOperation(type, obj, old);
    if (!finished) return;
    const labels = { ...appLabels(finished.app), dest_server: destServer(finished.app) };
    syncTotal.inc({ ...labels, phase: finished.phase });
    syncSeconds.inc(labels, finished.seconds);
  });
  return () => {
    stopRequests();
    stopChanges();
    ctx.observer = previous;
  };
}

function appLabels(app: Application) {
  return {
    name: app.metadata.name,
    namespace: app.metadata.namespace ?? '',
    project: app.spec.project || 'default',
  };
}

/** An Application change that records a newly finished operation. */
export function finishedOperation(
  type: string,
  obj: KubeObject,
  old: KubeObject | undefined,
): { app: Application; phase: string; seconds: number } | undefined {
  if (obj.kind !== 'Application' || !obj.apiVersion.startsWith(`${API_GROUP}/`) || type !== 'modified')
    return undefined;
  const app = obj as Application;
  const op = app.status?.operationState;
  if (
    !op?.finishedAt ||
    op.finishedAt === (old as Application | undefined)?.status?.operationState?.finishedAt
  )
    return undefined;
  const seconds = (Date.parse(op.finishedAt) - Date.parse(op.startedAt)) / 1000;
  return { app, phase: op.phase, seconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : 0 };
}
