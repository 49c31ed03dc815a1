// The reconcile queue's client-go workqueue metrics as Argo CD's controller exports them
// (name="app_reconciliation_queue"): depth, adds and time in queue, so starved reconciles show.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WorkQueue } from '../work-queue.js';

const QUEUE_NAME = 'app_reconciliation_queue';

/** Seconds in the queue: fine below a second (events), coarse up to the poll interval. */
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Adds them to `registry`; returns how to detach. */
export function attachQueueMetrics(registry: Registry, queue: WorkQueue): () => void {
  const registers = [registry];
  const labels = { name: QUEUE_NAME };
  new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue.',
    labelNames: ['name'] as const,
    registers,
    collect() {
      this.set(labels, queue.length);
    },
  });
  let counted = 0;
  new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue.',
    labelNames: ['name'] as const,
    registers,
    collect() {
      const adds = queue.adds;
      this.inc(labels, adds - counted);
      counted = adds;
    },
  });
  const wait = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested.',
    labelNames: ['name'] as const,
    buckets: WAIT_BUCKETS,
    registers,
  });
  return queue.onWait((ms) => wait.observe(labels, ms / 1000));
}
