// The Lease worker's record of its renewals: when the Lease was last renewed, since when the renewals
// ran unbroken (i.e. since when no other replica can have seen the Lease expire), and when the next
// renewal is due; and the periods a lease duration implies (ADR 0050). Pure.

/** What a lease duration implies for the Lease worker and the main thread (ADR 0050). */
export interface LeasePeriods {
  /** A renewal every this long (a quarter lease): three may fail before the fence. */
  renewMs: number;
  /** The Leases are read (and the main thread re-judges its word) every this long: how late a dead member is seen. */
  readMs: number;
  /** Act only while the last renewal and the last read are younger than this (2/3 lease, ADR 0028/0043). */
  fenceMs: number;
}

export function leasePeriods(leaseDurationMs: number): LeasePeriods {
  const renewMs = Math.max(200, Math.floor(leaseDurationMs / 4));
  return {
    renewMs,
    readMs: Math.min(renewMs, 1_000),
    fenceMs: Math.floor((leaseDurationMs * 2) / 3),
  };
}

export class Renewals {
  private last: number | undefined;
  private since: number | undefined;
  /** When the last attempt was sent, and whether it failed. */
  private attempt: { at: number; failed: boolean } | undefined;

  constructor(private readonly leaseDurationMs: number) {}

  /** Whether a round starting at `now` renews: a renewal period after the last attempt, at once after a failed one. */
  due(now: number, renewMs: number): boolean {
    return this.attempt === undefined || this.attempt.failed || now - this.attempt.at >= renewMs;
  }

  /** A renewal is sent at `sentAt`. */
  sending(sentAt: number): void {
    this.attempt = { at: sentAt, failed: true };
  }

  /** A renewal sent at `sentAt` was accepted, its answer read at `doneAt`. */
  succeeded(sentAt: number, doneAt: number): void {
    if (this.attempt?.at === sentAt) this.attempt.failed = false;
    // The others expire the Lease a lease duration after they saw the previous renewal change it, and
    // that change landed after the previous renewal was sent. A renewal answered later than that may
    // have landed after they dropped this replica: a new run starts, and the main thread re-joins.
    if (this.last === undefined || doneAt - this.last >= this.leaseDurationMs) this.since = sentAt;
    this.last = sentAt;
  }

  /** When the last accepted renewal was sent (the conservative end: it landed later). */
  get renewedAt(): number | undefined {
    return this.last;
  }

  /** When the current unbroken run of renewals began; a new value means "re-join". */
  get runSince(): number | undefined {
    return this.since;
  }
}
