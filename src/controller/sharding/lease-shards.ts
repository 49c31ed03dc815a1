// This replica's shard of the applications: a worker thread renews its coordination.k8s.io/v1 Lease and
// reads the others' (ADR 0043); this main-thread side answers "do I own this app now?" from the
// worker's reports, and acts on nothing while that word is stale (ADR 0028, docs/sharding.md).
import { Worker } from 'node:worker_threads';
import { AbortError } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { Timers } from '../../common/timers.js';
import type { ClusterConnection } from '../../kube/connection.js';
import { placement, placeOwner, type ShardedApp } from './assign.js';
import { SharedWord, type FromLeaseWorker, type LeaseWorkerData, type ToLeaseWorker } from './lease-loop.js';
import type { ShardingConfig } from './lease-object.js';
import type { Pins } from './membership.js';
import { leasePeriods, type LeasePeriods } from './renewals.js';
import { ShardState, type ShardEvent } from './shard-state.js';

export interface LeaseShardsDeps {
  /** The API server the worker renews the Lease on, through a client of its own. */
  connection: ClusterConnection;
  namespace: string;
  config: ShardingConfig;
  /** now() must be the wall clock: the worker's reports carry Date.now() times. */
  timers: Timers;
  log: Logger;
  /** The members changed, a grace ended, a report came, or this replica fenced itself: re-check which apps it owns. */
  onChange: () => void;
  /** Cluster URL → the shard its Secret pins it to, as the cluster Secrets say now. */
  pins?: () => Pins;
}

/** An Application as placing sees it, with the URL of the cluster its destination resolves to (if it does). */
export function shardedApp(
  app: {
    metadata: { name: string; namespace?: string | undefined };
    spec?: { destination?: { server?: string; name?: string } | undefined };
  },
  server?: string,
): ShardedApp {
  return {
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    destination: app.spec?.destination,
    server,
  };
}

export class LeaseShards {
  private readonly state: ShardState;
  /** Renewal and read times the worker keeps current, read when deciding (never late like a message). */
  private word = new SharedWord();
  private readonly indexOf = (member: string) => this.state.indices.get(member);
  private worker: Worker | undefined;
  private checkTimer: unknown;
  private settleTimer: unknown;
  private restartTimer: unknown;
  private stopped = false;
  private readonly periods: LeasePeriods;

  constructor(private readonly deps: LeaseShardsDeps) {
    const d = deps.config.leaseDurationMs;
    this.periods = leasePeriods(d);
    // Stop acting 2/3 of a lease after the last renewal or the last word: before anyone could see the
    // Lease expire, and before a replica that joined since could end its grace (ADR 0043).
    this.state = new ShardState(deps.config.id, d, this.periods.fenceMs);
    if (deps.config.index !== undefined) this.state.indices.set(deps.config.id, deps.config.index);
  }

  get id(): string {
    return this.deps.config.id;
  }

  /** How soon to look again at an app placed here but not owned yet (the Leases' read period). */
  get recheckMs(): number {
    return this.periods.readMs;
  }

  /** Live members as this replica sees them (itself included unless fenced). */
  members(): readonly string[] {
    return this.state.actingView(this.word.read(), this.deps.timers.now())?.members ?? [];
  }

  /** Starts the Lease worker; resolves once the Lease is taken and the members read. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.spawn(resolve, reject));
    this.check();
  }

  /** Whether this replica may reconcile and sync the app now. */
  owns(app: ShardedApp): boolean {
    const now = this.deps.timers.now();
    const view = this.state.actingView(this.word.read(), now);
    if (!view) return false;
    const p = placement(this.deps.config.by, app);
    return view.owns((m, pins) => placeOwner(m, this.indexOf, p, pins), now);
  }

  /** Whether the members and pins place the app here, grace or fence aside (its cluster's cache stays warm). */
  placedHere(app: ShardedApp): boolean {
    const view = this.state.view;
    if (!view) return false;
    const p = placement(this.deps.config.by, app);
    return placeOwner(view.members, this.indexOf, p, view.pins) === this.id;
  }

  /** A cluster Secret changed: a new or moved pin takes effect now (with the grace of any owner change). */
  pinsChanged(): void {
    if (this.state.pinsChanged(this.deps.timers.now(), this.pins())) {
      this.deps.log.info('shard pins changed', { id: this.id, pins: describePins(this.state.view?.pins) });
      this.changed();
    }
  }

  /** Stops the worker, which deletes the Lease, so the others take this replica's apps over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    const { timers } = this.deps;
    for (const t of [this.checkTimer, this.settleTimer, this.restartTimer]) timers.clearTimeout(t);
    const w = this.worker;
    if (!w) return;
    let timer: unknown;
    await Promise.race([
      new Promise<void>((resolve) => {
        w.on('message', (m: FromLeaseWorker) => m.type === 'stopped' && resolve());
        w.once('exit', () => resolve());
        w.postMessage({ type: 'stop' } satisfies ToLeaseWorker);
      }),
      new Promise<void>((resolve) => (timer = timers.setTimeout(resolve, this.deps.config.leaseDurationMs))),
    ]);
    timers.clearTimeout(timer);
    await w.terminate();
  }

  private pins(): Pins {
    return this.deps.pins?.() ?? new Map();
  }

  private spawn(started?: () => void, failed?: (e: Error) => void): void {
    const { namespace, config, connection, log } = this.deps;
    // A new worker starts its versions again: a word of its own.
    this.word = new SharedWord();
    this.state.restart();
    const data: LeaseWorkerData = { connection, namespace, config, word: this.word.buffer };
    const w = new Worker(new URL('./lease-worker.js', import.meta.url), { workerData: data });
    w.unref();
    this.worker = w;
    w.on('message', (m: FromLeaseWorker) => {
      if (m.type === 'report') {
        const event = this.state.receive(m.report, this.deps.timers.now(), this.pins());
        this.on(event);
        // No member changed, but apps skipped while this report was unread (or placed anew by shard
        // indices) are owned again now: re-check.
        if (!event) this.deps.onChange();
        this.on(this.state.check(this.word.read(), this.deps.timers.now()));
        started?.();
        started = undefined;
      } else if (m.type === 'warn') log.warn(m.warning.message, m.warning.fields);
      else if (m.type === 'failed') {
        // A replica that cannot hold a Lease would silently own nothing: refuse to start instead.
        failed?.(
          new AbortError(`controller replica ${this.id} cannot take its shard Lease: ${m.error}`, {
            hint: `the controller's ServiceAccount needs create, get, list, patch and delete on leases.coordination.k8s.io in ${namespace} (the install's Role driftless-application-controller)`,
          }),
        );
        started = undefined;
        void w.terminate();
      }
    });
    w.on('error', (e) => log.error('the shard Lease worker failed', { error: e.message }));
    w.once('exit', (code) => {
      if (this.stopped || this.worker !== w) return;
      this.worker = undefined;
      if (started) {
        failed?.(new AbortError(`the shard Lease worker of controller replica ${this.id} exited (${code})`));
        return;
      }
      // Without it the replica acts on nothing (its word goes stale): start another, which re-joins.
      log.error('the shard Lease worker exited; starting another', { code: String(code) });
      this.restartTimer = this.deps.timers.setTimeout(
        () => this.stopped || this.spawn(),
        this.periods.renewMs,
      );
    });
  }

  /** Re-judges the worker's word every read period, so silence fences even when no report comes. */
  private check(): void {
    if (this.stopped) return;
    this.on(this.state.check(this.word.read(), this.deps.timers.now()));
    this.checkTimer = this.deps.timers.setTimeout(() => this.check(), this.periods.readMs);
  }

  private on(event: ShardEvent | undefined): void {
    if (!event) return;
    const { log } = this.deps;
    const self = this.id;
    if (event.kind === 'fenced') {
      log.warn(
        event.why === 'renewal'
          ? 'fenced: the shard Lease was not renewed in time; acting on no app'
          : 'fenced: the shard Leases were not read in time; acting on no app',
        { id: self, ageMs: String(Math.round(event.ageMs)) },
      );
      this.deps.onChange();
      return;
    }
    const members = this.state.view?.members.join(',') ?? '';
    if (event.kind === 'joined') log.info('shard joined', { id: self, members, ...this.described() });
    else if (event.kind === 'members')
      log.info('shard members changed', { id: self, members, ...this.described() });
    else log.info('shard resumed: the Lease is renewed and read again', { id: self, members });
    this.changed();
  }

  /** Shard indices of the members and the pins, for the log; a warning when two members claim one index. */
  private described(): Record<string, string> {
    const view = this.state.view;
    const members = view?.members ?? [];
    const indexed = members.flatMap((m) => {
      const i = this.indexOf(m);
      return i === undefined ? [] : [`${m}=${i}`];
    });
    const taken = new Map<number, string>();
    for (const m of members) {
      const i = this.indexOf(m);
      if (i === undefined) continue;
      const first = taken.get(i);
      if (first !== undefined)
        this.deps.log.warn(
          'two controller replicas claim one shard index; the first by name takes its pinned clusters',
          {
            index: i,
            replicas: `${first},${m}`,
            hint: 'give each replica its own controller.shard (ARGOCD_CONTROLLER_SHARD), or leave it unset in a StatefulSet',
          },
        );
      else taken.set(i, m);
    }
    const out: Record<string, string> = {};
    if (indexed.length > 0) out['indices'] = indexed.join(',');
    if (view && view.pins.size > 0) out['pins'] = describePins(view.pins);
    return out;
  }

  private changed(): void {
    this.deps.onChange();
    const at = this.state.view?.settlesAt();
    this.deps.timers.clearTimeout(this.settleTimer);
    if (at !== undefined && !this.stopped)
      this.settleTimer = this.deps.timers.setTimeout(
        () => this.deps.onChange(),
        Math.max(0, at - this.deps.timers.now()) + 1,
      );
  }
}

function describePins(pins: Pins | undefined): string {
  return [...(pins ?? [])].map(([server, shard]) => `${server}=${shard}`).join(',');
}
