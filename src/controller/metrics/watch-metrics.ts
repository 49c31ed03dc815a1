// driftless_watch_* counters: what each cluster's watches received, by resource type, read from the
// clients' tallies at scrape time (the hot path only adds to numbers). Every component that watches serves them.
import { Counter, type Registry } from 'prom-client';
import type { WatchTally, WatchTraffic } from '../../kube/watch-traffic.js';
import { IN_CLUSTER_SERVER } from '../../model/index.js';
import type { ApplicationController } from '../app-controller.js';

/** One cluster's client as the metrics see it. */
export interface WatchSource {
  server: string;
  traffic: WatchTraffic;
}

/** The cluster the process runs against (under Argo CD's in-cluster name) and every destination cluster. */
export function watchSources(controller: ApplicationController): WatchSource[] {
  const { ctx } = controller;
  return [
    { server: IN_CLUSTER_SERVER, traffic: ctx.client.watchTraffic },
    ...ctx.targets.runtimesList().map((rt) => ({ server: rt.server, traffic: rt.client.watchTraffic })),
  ];
}

/** Registers the three counters; each scrape reads `sources()` afresh. */
export function registerWatchMetrics(registry: Registry, sources: () => readonly WatchSource[]): void {
  const counter = (name: string, help: string, value: (t: WatchTally) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['server', 'group', 'resource'] as const,
      registers: [registry],
      collect() {
        // Totals, not deltas: a cluster whose client was replaced (rotated credentials) starts again at 0.
        this.reset();
        for (const s of sources())
          for (const t of s.traffic.snapshot())
            this.inc({ server: s.server, group: t.group, resource: t.resource }, value(t));
      },
    });
  counter(
    'driftless_watch_received_bytes_total',
    'Bytes of watch response bodies received, by cluster and resource type.',
    (t) => t.bytes,
  );
  counter(
    'driftless_watch_events_total',
    'Watch events received (bookmarks included, before the cache drops unchanged objects).',
    (t) => t.events,
  );
  counter(
    'driftless_watch_requests_total',
    'Watch requests the API server accepted (reconnects and re-lists add one each).',
    (t) => t.watches,
  );
}
