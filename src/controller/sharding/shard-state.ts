// The main thread's side of sharding: it folds the Lease worker's reports into the view of members it
// acts on, and decides whether it may act at all. It acts only on the worker's fresh word, read from
// memory shared with the worker at the moment it asks (so a late-read message never holds it back): the
// Lease renewed and the Leases read within the fence time, and the members it knows are the worker's
// latest. Pure: reports, the shared word and the time come in.
import { ShardView, type Pins } from './membership.js';

/** What the worker keeps current in shared memory (wall-clock ms; undefined: never). */
export interface LeaseWord {
  /** Bumped whenever the members, their indices or the run of renewals change. */
  version: number;
  /** When the last accepted renewal of this replica's Lease was sent. */
  renewedAt: number | undefined;
  /** When the last successful read of the Leases was requested. */
  observedAt: number | undefined;
}

/** What the Lease worker posts when the version changes. */
export interface LeaseReport {
  version: number;
  /** Since when the renewals ran unbroken (a new value: the Lease may have lapsed, re-join). */
  runSince: number | undefined;
  /** The other replicas whose Leases are alive. */
  others: string[];
  /** Shard indices the replicas announce in their Leases. */
  indices: [string, number][];
}

/** What changed for the owner of this state: log it and re-check the owned apps. */
export type ShardEvent =
  | { kind: 'joined'; rejoined: boolean }
  | { kind: 'members' }
  | { kind: 'fenced'; why: 'renewal' | 'read'; ageMs: number }
  | { kind: 'resumed' };

export class ShardState {
  private current: ShardView | undefined;
  private version = -1;
  private run: number | undefined;
  private acting = false;
  /** Shard indices seen in Leases (kept for members that left: the view's history needs them). */
  readonly indices = new Map<string, number>();

  constructor(
    readonly self: string,
    private readonly leaseDurationMs: number,
    /** Act only while the renewal and the read of the Leases are younger than this. */
    private readonly fenceMs: number,
  ) {}

  /** The members and pins as last reported, whether or not this replica may act now. */
  get view(): ShardView | undefined {
    return this.current;
  }

  /** The view to act on at `now`; undefined while fenced, or while a newer report is still unread. */
  actingView(word: LeaseWord, now: number): ShardView | undefined {
    return this.current && word.version === this.version && this.staleness(word, now) === undefined
      ? this.current
      : undefined;
  }

  /** A report from the worker, read at `now`, with the cluster pins as the main thread knows them. */
  receive(report: LeaseReport, now: number, pins: Pins): ShardEvent | undefined {
    if (report.version <= this.version) return undefined; // an older one, read late
    this.version = report.version;
    for (const [member, index] of report.indices) this.indices.set(member, index);
    if (!this.current || report.runSince !== this.run) {
      // Joining, or re-joining after the Lease may have lapsed: whoever is alive owned everything until now.
      const rejoined = this.current !== undefined;
      this.current = new ShardView(this.self, this.leaseDurationMs, report.others, now, pins);
      this.run = report.runSince;
      this.acting = true; // check() fences at once if the word is stale
      return { kind: 'joined', rejoined };
    }
    return this.current.update([this.self, ...report.others], now, pins) ? { kind: 'members' } : undefined;
  }

  /** A new worker (the old one died): its versions start again; its first report re-joins (a new run). */
  restart(): void {
    this.version = -1;
  }

  /** The pins changed (a cluster Secret): true when that moves apps. */
  pinsChanged(now: number, pins: Pins): boolean {
    return this.current !== undefined && this.current.update(this.current.members, now, pins);
  }

  /** Fenced or resumed since the last call (on a timer and after each report); running work follows it. */
  check(word: LeaseWord, now: number): ShardEvent | undefined {
    if (!this.current) return undefined;
    const stale = this.staleness(word, now);
    if (stale && this.acting) {
      this.acting = false;
      return { kind: 'fenced', ...stale };
    }
    // A report not read yet is no fence: it is read on this thread's next turn, and it names the change.
    if (!stale && !this.acting && word.version === this.version) {
      this.acting = true;
      return { kind: 'resumed' };
    }
    return undefined;
  }

  /** Why this replica may not act at `now`, if it may not. */
  private staleness(word: LeaseWord, now: number): { why: 'renewal' | 'read'; ageMs: number } | undefined {
    // Renewed too long ago: the others may soon drop this replica (they wait a whole lease duration).
    if (word.renewedAt === undefined || now - word.renewedAt >= this.fenceMs)
      return { why: 'renewal', ageMs: now - (word.renewedAt ?? -Infinity) };
    // The worker read the Leases too long ago: a replica that joined since may end its grace unseen.
    if (word.observedAt === undefined || now - word.observedAt >= this.fenceMs)
      return { why: 'read', ageMs: now - (word.observedAt ?? -Infinity) };
    return undefined;
  }
}
