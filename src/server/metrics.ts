// /metrics: controller and API figures in Prometheus text format. Sync durations and drift events are
// read from Application changes in the cache; reconcile/render/git timings come from hooks the controller calls.
import type { Application, KubeObject } from '../model/index.js';
import { API_GROUP } from '../model/index.js';
import { Histogram, labelValue } from './histogram.js';
import type { ControllerStatus, ReadPort } from './ports.js';
import { clusterMetricLines } from './cluster-metrics.js';

export class ApiMetrics {
  readonly reconcile = new Histogram('driftless_reconcile_duration_seconds', 'Duration of one app reconcile');
  readonly sync = new Histogram('driftless_sync_duration_seconds', 'Duration of sync operations, by phase');
  readonly renderDuration = new Histogram(
    'driftless_render_duration_seconds',
    'Duration of manifest renders',
  );
  readonly gitFetch = new Histogram(
    'driftless_git_fetch_duration_seconds',
    'Duration of git fetches and ls-remotes',
  );
  readonly http = new Histogram('driftless_http_request_duration_seconds', 'API request latency, by route');
  driftEvents = 0;
  webhookEvents = new Map<string, number>();
  /** More exposition text from parts started beside the API (notifications), appended as given. */
  readonly sources: (() => string)[] = [];

  /** Takes the controller's timings and cache changes from now on; returns how to stop. */
  attach(read: ReadPort, controller: ControllerStatus): () => void {
    controller.observe({
      reconcile: (ms) => this.reconcile.observe(ms / 1000),
      render: (ms, cached) => {
        if (!cached) this.renderDuration.observe(ms / 1000);
      },
    });
    return read.on((t, o, old) => this.onChange(t, o, old));
  }

  /** Folds one cache change into the sync histogram and drift counter. */
  onChange(type: string, obj: KubeObject, old: KubeObject | undefined): void {
    if (obj.kind !== 'Application' || !obj.apiVersion.startsWith(`${API_GROUP}/`) || type !== 'modified')
      return;
    const app = obj as Application;
    const prev = old as Application | undefined;
    if (prev?.status?.sync?.status === 'Synced' && app.status?.sync?.status === 'OutOfSync')
      this.driftEvents++;
    const op = app.status?.operationState;
    const prevOp = prev?.status?.operationState;
    if (op?.finishedAt && op.finishedAt !== prevOp?.finishedAt) {
      const sec = (Date.parse(op.finishedAt) - Date.parse(op.startedAt)) / 1000;
      if (Number.isFinite(sec) && sec >= 0) this.sync.observe(sec, `phase="${labelValue(op.phase)}"`);
    }
  }

  render(read: ReadPort, controller: ControllerStatus): string {
    const apps = read.apps.list();
    const lines: string[] = [
      '# HELP driftless_reconciles_total Reconciles run',
      '# TYPE driftless_reconciles_total counter',
      `driftless_reconciles_total ${controller.stats.reconciles}`,
      '# TYPE driftless_reconcile_errors_total counter',
      `driftless_reconcile_errors_total ${controller.stats.reconcileErrors}`,
      '# HELP driftless_queue_depth Apps waiting to be reconciled',
      '# TYPE driftless_queue_depth gauge',
      `driftless_queue_depth ${controller.queueDepth()}`,
      '# HELP driftless_drift_events_total Apps seen going from Synced to OutOfSync',
      '# TYPE driftless_drift_events_total counter',
      `driftless_drift_events_total ${this.driftEvents}`,
      '# TYPE driftless_webhook_events_total counter',
      ...[...this.webhookEvents].map(
        ([k, n]) => `driftless_webhook_events_total{provider="${labelValue(k)}"} ${n}`,
      ),
    ];
    const repo = read.repo.stats();
    lines.push(
      '# TYPE driftless_renders_total counter',
      `driftless_renders_total ${repo.renders}`,
      '# TYPE driftless_render_cache_hits_total counter',
      `driftless_render_cache_hits_total ${repo.cacheHits}`,
      '# TYPE driftless_git_spawns_total counter',
      `driftless_git_spawns_total ${repo.gitSpawns}`,
    );
    const counts = new Map<string, number>();
    for (const a of apps) {
      const k = `sync_status="${labelValue(a.status?.sync?.status ?? 'Unknown')}",health_status="${labelValue(a.status?.health?.status ?? 'Unknown')}"`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    lines.push('# HELP driftless_apps Applications by sync and health status', '# TYPE driftless_apps gauge');
    for (const [k, n] of counts) lines.push(`driftless_apps{${k}} ${n}`);
    lines.push(...clusterMetricLines(read.clusters.views(read.clusters.list())));
    for (const h of [this.reconcile, this.sync, this.renderDuration, this.gitFetch, this.http])
      lines.push(...h.render());
    return lines.join('\n') + '\n' + this.sources.map((source) => source()).join('');
  }
}
