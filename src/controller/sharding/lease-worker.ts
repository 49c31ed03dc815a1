// Worker thread entry: keeps this replica's shard Lease renewed on an event loop of its own, with its
// own connection to the API server, so reconcile work on the main thread cannot delay a renewal
// (ADR 0043). It writes its times to memory shared with the main thread after every round and posts
// the members when they change; the main thread decides what it owns.
import { parentPort, workerData } from 'node:worker_threads';
import { BugError, errorMessage } from '../../common/errors.js';
import { realTimers } from '../../common/timers.js';
import { KubeClient } from '../../kube/client.js';
import type { ClusterConnection } from '../../kube/connection.js';
import {
  LeaseLoop,
  SharedWord,
  type FromLeaseWorker,
  type LeaseWorkerData,
  type ToLeaseWorker,
} from './lease-loop.js';

const port = parentPort;
if (!port) throw new BugError('lease-worker.js runs only as a worker thread');
const data = workerData as LeaseWorkerData;
const post = (m: FromLeaseWorker) => port.postMessage(m);

/** Structured cloning turned the connection's Buffers into Uint8Arrays. */
function revive(c: ClusterConnection): ClusterConnection {
  const buf = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b));
  const out: ClusterConnection = { ...c };
  for (const k of ['ca', 'cert', 'key'] as const) {
    const b = buf(c[k]);
    if (b) out[k] = b;
  }
  return out;
}

const client = new KubeClient(revive(data.connection));
const loop = new LeaseLoop({
  client,
  namespace: data.namespace,
  config: data.config,
  timers: realTimers,
  warn: (warning) => post({ type: 'warn', warning }),
});
const word = new SharedWord(data.word);
let posted = -1;
/** The times into shared memory at once; the members by message when they changed. */
function publish(): void {
  const report = loop.report();
  word.write(loop.word());
  if (report.version !== posted) post({ type: 'report', report });
  posted = report.version;
}
/** A round every second (a read; a renewal when due): a dead member is seen within a second of expiring. */
const everyMs = loop.periods.readMs;
let timer: NodeJS.Timeout | undefined;
let stopped = false;
/** The round in flight: the Lease is deleted only after it, or a late renewal would re-create it. */
let inflight: Promise<unknown> = Promise.resolve();

/** Rounds start every `everyMs` (sooner after a slow one), never two at once. */
function schedule(startedAt: number): void {
  if (stopped) return;
  timer = setTimeout(
    () => {
      const t0 = Date.now();
      inflight = loop
        .round()
        .then(() => stopped || publish())
        .finally(() => schedule(t0));
    },
    Math.max(0, startedAt + everyMs - Date.now()),
  );
}

port.on('message', (m: ToLeaseWorker) => {
  if (m.type !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  void inflight
    .then(() => loop.release())
    .finally(() => {
      post({ type: 'stopped' });
      client.close();
      port.close();
    });
});

const t0 = Date.now();
inflight = loop.first().then(
  () => {
    publish();
    schedule(t0);
  },
  (e: unknown) => post({ type: 'failed', error: errorMessage(e) }),
);
