// Calls whose answer must be read after the caller asked (a hard refresh's ls-remote), batched: the next
// call to start serves every caller that asked before it started, one runs at a time per key, and they
// start at most every `spacingMs` — a burst of N callers costs a few calls a second, not N (ADR 0052).

interface Slot<T> {
  lastStart: number;
  /** Settles when the running call ends (either way). */
  running?: Promise<void> | undefined;
  /** The call that starts next, with every caller waiting for it. */
  next?: Promise<T> | undefined;
}

export interface FreshBatchesOptions {
  spacingMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class FreshBatches<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(private readonly opts: FreshBatchesOptions) {}

  /** `run`'s answer from a call that starts now or later, never from one already running. */
  call(key: string, run: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { lastStart: Number.NEGATIVE_INFINITY }));
    const s = slot;
    if (s.next) return s.next;
    const wait = () => Math.max(0, s.lastStart + this.opts.spacingMs - this.opts.now());
    if (!s.running && wait() === 0) return this.begin(s, run);
    s.next = (async () => {
      await s.running;
      const ms = wait();
      if (ms > 0) await this.opts.sleep(ms);
      return this.begin(s, run);
    })();
    return s.next;
  }

  private begin(s: Slot<T>, run: () => Promise<T>): Promise<T> {
    s.next = undefined;
    s.lastStart = this.opts.now();
    const p = run();
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    s.running = settled;
    void settled.then(() => {
      if (s.running === settled) s.running = undefined;
    });
    return p;
  }
}
