// One process's /metrics registry (prom-client): API, render and git figures, Node's process, GC and
// event-loop metrics; the controller's Argo CD metrics join it from src/controller/metrics (docs/metrics.md).
import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ControllerStatus } from './ports.js';

/** Buckets of Argo CD's argocd_git_request_duration_seconds and our durations. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Argo CD's git request metrics, on whichever registry the repo service's process serves. */
export class GitMetrics {
  private readonly requests: Counter<'repo' | 'request_type'>;
  private readonly duration: Histogram<'repo' | 'request_type'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'argocd_git_request_total',
      help: 'Number of git requests performed by the repo service',
      labelNames: ['repo', 'request_type'] as const,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'argocd_git_request_duration_seconds',
      help: 'Git request duration seconds',
      labelNames: ['repo', 'request_type'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** One git ls-remote or fetch ended (the repo service tells this). */
  request(kind: 'ls-remote' | 'fetch', ms: number, repo: string): void {
    const labels = { repo, request_type: kind };
    this.requests.inc(labels);
    this.duration.observe(labels, ms / 1000);
  }
}

/** What a scrape port serves: a registry, and any exposition text appended to it. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export class ApiMetrics implements MetricsSource {
  readonly registry = new Registry();
  readonly http = new Histogram({
    name: 'driftless_http_request_duration_seconds',
    help: 'API request latency, by route',
    labelNames: ['route'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly renderDuration = new Histogram({
    name: 'driftless_render_duration_seconds',
    help: 'Duration of manifest renders that missed the render cache',
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly webhookEvents = new Counter({
    name: 'driftless_webhook_events_total',
    help: 'Webhook deliveries received, by provider',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  private readonly git = new GitMetrics(this.registry);

  /** More exposition text from parts started beside the API (notifications), appended as given. */
  readonly sources: (() => string)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One git ls-remote or fetch ended (the repo service tells this). */
  gitRequest(kind: 'ls-remote' | 'fetch', ms: number, repo: string): void {
    this.git.request(kind, ms, repo);
  }

  /** Takes the controller's render timings from now on (its per-app metrics are attached by the composition root). */
  attach(controller: ControllerStatus): void {
    controller.observe({
      reconcile: () => {},
      render: (ms, cached) => {
        if (!cached) this.renderDuration.observe(ms / 1000);
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    return (await this.registry.metrics()) + this.sources.map((source) => source()).join('');
  }
}

/** Answers a scrape; a failing collector is a 500 naming it, not a crash. */
export function serveMetrics(metrics: MetricsSource, res: ServerResponse): void {
  metrics.render().then(
    (text) => void res.writeHead(200, { 'Content-Type': metrics.contentType }).end(text),
    (e: unknown) =>
      void res
        .writeHead(500, { 'Content-Type': 'text/plain' })
        .end(`collecting metrics failed: ${(e as Error).message}\n`),
  );
}
