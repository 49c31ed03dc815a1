// The Lease worker's record of its renewals: when the Lease was last renewed and since when the
// renewals ran unbroken, i.e. since when no other replica can have seen the Lease expire. Pure.

export class Renewals {
  private last: number | undefined;
  private since: number | undefined;

  constructor(private readonly leaseDurationMs: number) {}

  /** A renewal sent at `sentAt` was accepted, its answer read at `doneAt`. */
  succeeded(sentAt: number, doneAt: number): void {
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
