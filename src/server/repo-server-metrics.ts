// The repo-server component's /metrics: Argo CD's argocd-repo-server names (git requests, pending
// requests per repository), the calls it answered, and prom-client's process, GC and event-loop metrics.
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { GitMetrics, type MetricsSource } from './metrics.js';

const CALL_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class RepoServerMetrics implements MetricsSource {
  readonly registry = new Registry();
  readonly git = new GitMetrics(this.registry);
  private readonly pending = new Gauge({
    name: 'argocd_repo_pending_request_total',
    help: 'Number of pending requests requiring repository lock (calls in progress, by repository)',
    labelNames: ['repo'] as const,
    registers: [this.registry],
  });
  private readonly calls = new Histogram({
    name: 'driftless_repo_request_duration_seconds',
    help: 'Duration of the calls the repo server answered, by method',
    labelNames: ['method'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A call began; it stays pending for its repository until the returned function runs. */
  callStarted(method: string, repo: string | undefined): () => void {
    const stopTimer = this.calls.startTimer({ method });
    if (repo) this.pending.inc({ repo });
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      stopTimer();
      if (repo) this.pending.dec({ repo });
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
