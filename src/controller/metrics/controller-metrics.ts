// The application controller's Argo CD metrics joined to a process's registry: per app (app-metrics.ts),
// argocd_cluster_events_total and the reconcile queue's; the per-cluster gauges come from the one
// collector in src/server.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ApplicationController } from '../app-controller.js';
import { IN_CLUSTER_SERVER, type KubeObject } from '../../model/index.js';
import { attachAppMetrics } from './app-metrics.js';
import { attachQueueMetrics } from './queue-metrics.js';

/** Counts live-object events by cluster, group and kind (the hub's under Argo CD's in-cluster name). */
function attachEventMetrics(registry: Registry, controller: ApplicationController): () => void {
  const { ctx } = controller;
  const events = new Counter({
    name: 'argocd_cluster_events_total',
    help: 'Number of processes k8s resource events.',
    labelNames: ['server', 'group', 'kind'] as const,
    registers: [registry],
  });
  const count = (server: string, obj: KubeObject) => {
    const slash = obj.apiVersion.indexOf('/');
    events.inc({ server, group: slash < 0 ? '' : obj.apiVersion.slice(0, slash), kind: obj.kind });
  };
  const stopHub = ctx.cache.on((_type, obj) => count(IN_CLUSTER_SERVER, obj));
  const stopSpokes = ctx.targets.onEvent(count);
  return () => {
    stopHub();
    stopSpokes();
  };
}

/** Who owns what when replicas shard the apps: this replica's app count and the members it sees. */
function attachShardMetrics(registry: Registry, controller: ApplicationController): void {
  const shards = controller.shards;
  if (!shards) return;
  new Gauge({
    name: 'driftless_shard_apps',
    help: 'Applications this controller replica owns (argocd_app_info lists them).',
    labelNames: ['shard'] as const,
    registers: [registry],
    collect() {
      this.set({ shard: shards.id }, controller.ctx.apps.list().filter((a) => controller.owns(a)).length);
    },
  });
  new Gauge({
    name: 'driftless_shard_members',
    help: 'Live controller replicas as this one sees them (0 while it is fenced).',
    labelNames: ['shard'] as const,
    registers: [registry],
    collect() {
      this.set({ shard: shards.id }, shards.members().length);
    },
  });
}

/** Adds them to `registry`; returns how to detach. */
export function attachControllerMetrics(registry: Registry, controller: ApplicationController): () => void {
  const detach = [
    attachAppMetrics(registry, controller),
    attachEventMetrics(registry, controller),
    attachQueueMetrics(registry, {
      app_reconciliation_queue: controller.queue,
      app_operation_processing_queue: controller.operations,
    }),
  ];
  attachShardMetrics(registry, controller);
  return () => {
    for (const d of detach) d();
  };
}
