// Failed-login limiting: after too many failures within a window, a key (user or address) waits.

export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  now: () => number;
  /** Keys remembered at most; the oldest are dropped so an attacker cannot grow memory without bound. */
  maxKeys?: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: FailureLimiterOptions) {}

  /** 0 when the key may try now, else how long it must wait (ms). */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.opts.maxFailures) return 0;
    const oldest = recent[recent.length - this.opts.maxFailures] ?? 0;
    return Math.max(0, oldest + this.opts.windowMs - this.opts.now());
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.opts.now());
    this.failures.delete(key); // re-insert: Map order is then least-recently-failed first
    this.failures.set(key, recent.slice(-this.opts.maxFailures));
    const max = this.opts.maxKeys ?? 10_000;
    if (this.failures.size > max) {
      const first = this.failures.keys().next();
      if (!first.done) this.failures.delete(first.value);
    }
  }

  /** Takes back the latest failure of `key` (an attempt counted in advance that then succeeded). */
  undo(key: string): void {
    const recent = this.failures.get(key);
    if (!recent) return;
    recent.pop();
    if (recent.length === 0) this.failures.delete(key);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.opts.now() - this.opts.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }
}
