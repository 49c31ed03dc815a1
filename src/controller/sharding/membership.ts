// Live controller replicas from their Leases, judged on this replica's clock: a Lease is alive while
// it changed within its duration of our seeing it change (as client-go's leader election judges), so
// clocks of other replicas never matter. Pure: the caller feeds observations and the time.

export interface ObservedLease {
  /** The replica holding it (spec.holderIdentity). */
  holder: string;
  /** Changes at every renewal (metadata.resourceVersion). */
  version: string;
  durationMs: number;
}

interface Seen {
  version: string;
  observedAt: number;
  durationMs: number;
}

export class Membership {
  private readonly seen = new Map<string, Seen>();

  /** Folds in a full list of the Leases; a holder whose Lease is gone (deleted on a clean stop) leaves at once. */
  observe(leases: readonly ObservedLease[], now: number): void {
    const present = new Set<string>();
    for (const l of leases) {
      present.add(l.holder);
      const prev = this.seen.get(l.holder);
      if (!prev || prev.version !== l.version)
        this.seen.set(l.holder, { version: l.version, observedAt: now, durationMs: l.durationMs });
    }
    for (const holder of [...this.seen.keys()]) if (!present.has(holder)) this.seen.delete(holder);
  }

  /** Holders whose Lease has not expired at `now`, sorted. */
  alive(now: number): string[] {
    return [...this.seen]
      .filter(([, s]) => now - s.observedAt < s.durationMs)
      .map(([holder]) => holder)
      .sort();
  }
}

/** Cluster URL → the shard index its Secret pins it to (Argo CD's cluster `shard`). */
export type Pins = ReadonlyMap<string, number>;
const NO_PINS: Pins = new Map();

/** Members and pins as they were over a span of time (until = undefined: still current). */
interface Snapshot {
  members: readonly string[];
  pins: Pins;
  until: number | undefined;
}

const samePins = (a: Pins, b: Pins) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/**
 * Which apps this replica may act on. It owns an app when placing it over the current members and
 * pins picks it AND no other live member could still be acting on it: any member that owned the app
 * at some moment of the last `graceMs` and is still alive (it may not have seen the change yet)
 * blocks it until the grace has passed. A member that left by expiry had fenced itself before its
 * Lease expired.
 */
export class ShardView {
  private history: Snapshot[];

  constructor(
    readonly self: string,
    private readonly graceMs: number,
    /** The other replicas alive when this one joined: they owned everything until now. */
    others: readonly string[],
    now: number,
    pins: Pins = NO_PINS,
  ) {
    this.history = [
      { members: others, pins, until: now },
      { members: [self, ...others].sort(), pins, until: undefined },
    ];
  }

  get members(): readonly string[] {
    return this.current?.members ?? [];
  }

  get pins(): Pins {
    return this.current?.pins ?? NO_PINS;
  }

  private get current(): Snapshot | undefined {
    return this.history[this.history.length - 1];
  }

  /** Records the members alive now (and the pins, when given); true when either changed. */
  update(members: readonly string[], now: number, pins?: Pins): boolean {
    const next = [...members].sort();
    const current = this.current;
    const nextPins = pins ?? current?.pins ?? NO_PINS;
    if (current && current.members.join('\u0000') === next.join('\u0000') && samePins(current.pins, nextPins))
      return false;
    if (current) current.until = now;
    this.history.push({ members: next, pins: nextPins, until: undefined });
    this.history = this.history.filter((s) => s.until === undefined || now - s.until < this.graceMs);
    return true;
  }

  /** `owner(members, pins)` gives the owner of the app under a layout (the caller's placement). */
  owns(owner: (members: readonly string[], pins: Pins) => string | undefined, now: number): boolean {
    const current = this.members;
    if (owner(current, this.pins) !== this.self) return false;
    const alive = new Set(current);
    return this.history.every((s) => {
      if (s.until !== undefined && now - s.until >= this.graceMs) return true;
      const o = owner(s.members, s.pins);
      return o === undefined || o === this.self || !alive.has(o);
    });
  }

  /** When the oldest blocking snapshot stops mattering (re-check owned apps then); undefined: none. */
  settlesAt(): number | undefined {
    const ends = this.history.flatMap((s) => (s.until === undefined ? [] : [s.until + this.graceMs]));
    return ends.length === 0 ? undefined : Math.max(...ends);
  }
}
