// A keyed work queue: a key is queued at most once, never processed by two workers at once,
// re-queued if it changed while processing, with delayed adds, per-key exponential backoff and an
// urgent lane taken first; each key's time in the queue (added → taken) is reported to wait listeners.
import { realTimers, type Timers } from '../common/timers.js';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Told the time a key spent queued (from the add that queued it to the worker taking it). */
export type WaitListener = (waitedMs: number, key: string) => void;

/** `urgent`: taken before every key of the normal lane (a key already queued moves up). */
export interface AddOptions {
  urgent?: boolean;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  /** Keys taken before `queue`'s (each also in `queued`). */
  private readonly urgentQueue: string[] = [];
  /** Queued keys and when each was queued. */
  private readonly queued = new Map<string, number>();
  private readonly waitListeners = new Set<WaitListener>();
  /** Keys queued since the start (adds of a key already queued are not counted). */
  private addsTotal = 0;
  private readonly processing = new Set<string>();
  /** Keys added while processing, and whether any of those adds was urgent. */
  private readonly dirtyWhileProcessing = new Map<string, boolean>();
  private readonly delayed = new Map<string, { at: number; handle: unknown }>();
  private readonly failures = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly timers: Timers = realTimers,
    private readonly backoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 },
  ) {}

  /** Queues a key now (deduplicated); an urgent add puts it ahead of the normal lane. */
  add(key: string, opts: AddOptions = {}): void {
    if (this.stopped) return;
    const urgent = opts.urgent === true;
    this.cancelDelayed(key);
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.set(key, urgent || this.dirtyWhileProcessing.get(key) === true);
      return;
    }
    if (this.queued.has(key)) {
      if (urgent && !this.urgentQueue.includes(key)) {
        this.queue.splice(this.queue.indexOf(key), 1);
        this.urgentQueue.push(key);
      }
      return;
    }
    this.queued.set(key, this.timers.now());
    this.addsTotal++;
    (urgent ? this.urgentQueue : this.queue).push(key);
    this.wake();
  }

  /** Whether the key waits in the queue (not counting a key being processed). */
  isQueued(key: string): boolean {
    return this.queued.has(key);
  }

  /** Queues a key after a delay; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const at = this.timers.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.timers.clearTimeout(existing.handle);
    const handle = this.timers.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, handle });
  }

  /** Queues after this key's next backoff delay (doubling per consecutive failure). Returns the delay. */
  addRateLimited(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** n);
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure count of a key (after a success). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Takes the next key, waiting for one; undefined once the queue is shut down. */
  async get(): Promise<string | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      const key = this.urgentQueue.shift() ?? this.queue.shift();
      if (key !== undefined) {
        const since = this.queued.get(key) ?? this.timers.now();
        this.queued.delete(key);
        this.processing.add(key);
        const waited = this.timers.now() - since;
        for (const listener of this.waitListeners) listener(waited, key);
        return key;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Marks a key processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    const urgent = this.dirtyWhileProcessing.get(key);
    if (urgent === undefined) return;
    this.dirtyWhileProcessing.delete(key);
    this.add(key, { urgent });
  }

  /** Subscribes to each key's time in the queue; returns the unsubscribe function. */
  onWait(listener: WaitListener): () => void {
    this.waitListeners.add(listener);
    return () => this.waitListeners.delete(listener);
  }

  /** Keys queued so far (a key added while already queued counts once). */
  get adds(): number {
    return this.addsTotal;
  }

  get length(): number {
    return this.queue.length + this.urgentQueue.length;
  }

  /** Keys with a later add scheduled (polls, retries). */
  get scheduled(): number {
    return this.delayed.size;
  }

  get inFlight(): number {
    return this.processing.size;
  }

  shutdown(): void {
    this.stopped = true;
    for (const { handle } of this.delayed.values()) this.timers.clearTimeout(handle);
    this.delayed.clear();
    this.wake(true);
  }

  /** Runs `concurrency` workers calling `handle(key)` until shutdown. Errors are the handler's job. */
  async run(concurrency: number, handle: (key: string) => Promise<void>): Promise<void> {
    const worker = async () => {
      for (;;) {
        const key = await this.get();
        if (key === undefined) return;
        try {
          await handle(key);
        } finally {
          this.done(key);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  private cancelDelayed(key: string): void {
    const d = this.delayed.get(key);
    if (d) {
      this.timers.clearTimeout(d.handle);
      this.delayed.delete(key);
    }
  }

  private wake(all = false): void {
    const w = all ? this.waiters.splice(0) : this.waiters.splice(0, 1);
    for (const r of w) r();
  }
}
