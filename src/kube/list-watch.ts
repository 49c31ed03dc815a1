// A list+watch loop for one resource type that survives: re-lists on 410 Gone, reconnects with backoff.
import { DriftlessError } from '../common/errors.js';
import type { KubeObject } from '../model/kube-object.js';
import { isGone } from './api-error.js';
import type { ApiResource } from './api-resource.js';
import type { KubeClient, KubeList, WatchEvent } from './client.js';

/** The two calls a ListWatch makes; `clientListWatchApi` adapts a KubeClient, unit tests fake it. */
export interface ListWatchApi<T extends KubeObject = KubeObject> {
  list(opts: { limit: number; continue?: string }): Promise<KubeList<T>>;
  watch(opts: {
    resourceVersion: string;
    timeoutSeconds: number;
    allowWatchBookmarks: true;
    signal: AbortSignal;
  }): AsyncIterable<WatchEvent<T>>;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ListWatchHandler<T extends KubeObject = KubeObject> {
  /** After every (re-)list: the complete current set, which replaces what was known before. */
  replace(items: T[], resourceVersion: string): void;
  event(type: ChangeType, obj: T): void;
  /** Every failure, wrapped; the loop carries on (after a backoff delay) regardless. */
  error?(err: ListWatchError): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Up to this fraction is added at random, so many watches do not reconnect in lockstep. */
  jitter: number;
  /** A watch that lived this long counts as healthy again: the next failure starts from initialMs. */
  resetAfterMs: number;
}

export interface ListWatchOptions<T extends KubeObject = KubeObject> {
  /** For messages, e.g. `deployments.apps`. */
  name: string;
  api: ListWatchApi<T>;
  handler: ListWatchHandler<T>;
  pageSize?: number;
  /** Server-side watch timeout; the loop re-watches from the last resourceVersion. Default 300–600 s. */
  watchTimeoutSeconds?: number;
  backoff?: Partial<BackoffOptions>;
  /** Injected so tests run backoff without waiting; must resolve early when `signal` aborts. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export class ListWatchError extends DriftlessError {
  constructor(
    readonly phase: 'list' | 'watch',
    readonly resourceName: string,
    cause: unknown,
  ) {
    super(`${phase} ${resourceName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.2,
  resetAfterMs: 60_000,
};

export class ListWatch<T extends KubeObject = KubeObject> {
  /** Resolves once the first list has been handed to the handler. */
  readonly synced: Promise<void>;
  private markSynced!: () => void;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private readonly backoff: BackoffOptions;
  private readonly delay: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private rv: string | undefined;
  private failures = 0;
  /** Counts loop iterations' outcomes, for tests and stats. */
  readonly counters = { lists: 0, watches: 0, gone: 0, errors: 0 };

  constructor(private readonly opts: ListWatchOptions<T>) {
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.delay = opts.delay ?? abortableDelay;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  get resourceVersion(): string | undefined {
    return this.rv;
  }

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** Stops the watch and resolves when the loop has exited. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** The delay before retry number `failures` (1-based), before jitter. */
  backoffMs(failures: number): number {
    const b = this.backoff;
    return Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, failures - 1));
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    let consecutiveGone = 0;
    while (!this.stopped) {
      let phase: 'list' | 'watch' = 'list';
      try {
        if (this.rv === undefined) {
          await this.listAll();
          if (this.stopped) return;
          this.markSynced();
        }
        phase = 'watch';
        const startedAt = this.now();
        const delivered = await this.watchOnce();
        if (this.stopped) return;
        if (delivered > 0 || this.now() - startedAt >= this.backoff.resetAfterMs) {
          this.failures = 0;
          consecutiveGone = 0;
        } else if (this.now() - startedAt < 1000) {
          // A watch the server closes at once, again and again, must not spin: treat it as a failure.
          await this.fail(phase, new Error('watch closed immediately without events'));
        }
      } catch (err) {
        if (this.stopped) return;
        if (isGone(err)) {
          // Our resourceVersion (or continue token) is older than the server keeps: start over.
          this.counters.gone++;
          this.rv = undefined;
          if (consecutiveGone++ === 0) continue;
        }
        await this.fail(phase, err);
      }
    }
  }

  private async fail(phase: 'list' | 'watch', err: unknown): Promise<void> {
    this.counters.errors++;
    this.failures++;
    this.opts.handler.error?.(new ListWatchError(phase, this.opts.name, err));
    const ms = this.backoffMs(this.failures) * (1 + this.backoff.jitter * this.random());
    await this.delay(Math.round(ms), this.abort.signal);
  }

  private async listAll(): Promise<void> {
    this.counters.lists++;
    const limit = this.opts.pageSize ?? 500;
    const items: T[] = [];
    let page = await this.opts.api.list({ limit });
    const rv = page.metadata.resourceVersion;
    items.push(...page.items);
    while (page.metadata.continue) {
      if (this.stopped) return;
      page = await this.opts.api.list({ limit, continue: page.metadata.continue });
      items.push(...page.items);
    }
    if (!rv) throw new Error(`list of ${this.opts.name} returned no resourceVersion`);
    this.opts.handler.replace(items, rv);
    this.rv = rv;
  }

  /** One watch connection until the server ends it; returns how many change events arrived. */
  private async watchOnce(): Promise<number> {
    this.counters.watches++;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.round(300 * (1 + this.random()));
    let delivered = 0;
    const events = this.opts.api.watch({
      resourceVersion: this.rv ?? '',
      timeoutSeconds,
      allowWatchBookmarks: true,
      signal: this.abort.signal,
    });
    for await (const ev of events) {
      if (this.stopped) break;
      const rv = ev.object.metadata.resourceVersion;
      if (ev.type !== 'BOOKMARK') {
        this.opts.handler.event(ev.type, ev.object);
        delivered++;
      }
      if (rv) this.rv = rv;
    }
    return delivered;
  }
}

/** A ListWatchApi over a real client: the whole cluster (all namespaces) unless `namespace` is given. */
export function clientListWatchApi<T extends KubeObject = KubeObject>(
  client: KubeClient,
  res: ApiResource,
  opts: { namespace?: string; labelSelector?: string } = {},
): ListWatchApi<T> {
  return {
    list: (o) => client.list<T>(res, { ...opts, ...o }),
    watch: (o) => client.watch<T>(res, { ...opts, ...o }),
  };
}

/** setTimeout as a promise that resolves early (not rejects) when the signal aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
