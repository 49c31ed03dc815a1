// The controller's work queues' client-go workqueue metrics as Argo CD's controller exports them
// (name="app_reconciliation_queue" and "app_operation_processing_queue"): depth, adds and time in
// queue, so starved reconciles show.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WorkQueue } from '../work-queue.js';

/** Seconds in the queue: fine below a second (events), coarse up to the poll interval. */
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Adds them to `registry` for each queue, labelled by its name; returns how to detach. */
export function attachQueueMetrics(
  registry: Registry,
  queues: Readonly<Record<string, WorkQueue>>,
): () => void {
  const registers = [registry];
  const named = Object.entries(queues);
  new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue.',
    labelNames: ['name'] as const,
    registers,
    collect() {
      for (const [name, queue] of named) this.set({ name }, queue.length);
    },
  });
  const counted = new Map<string, number>();
  new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue.',
    labelNames: ['name'] as const,
    registers,
    collect() {
      for (const [name, queue] of named) {
        const adds = queue.adds;
        this.inc({ name }, adds - (counted.get(name) ?? 0));
        counted.set(name, adds);
      }
    },
  });
  const wait = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested.',
    labelNames: ['name'] as const,
    buckets: WAIT_BUCKETS,
    registers,
  });
  const off = named.map(([name, queue]) => queue.onWait((ms) => wait.observe({ name }, ms / 1000)));
  return () => {
    for (const o of off) o();
  };
}
