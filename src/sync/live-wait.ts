// Waiting on the live cache: a condition re-checked on each watch event of the objects it is about.
import { describeKey, keyOf, keyString, type KubeObject, type ResourceKey } from '../model/index.js';
import type { Timers } from '../common/timers.js';
import type { LiveView } from './op-deps.js';

export interface CacheWait<T> {
  live: LiveView;
  timers: Timers;
  /** keyStrings whose changes re-run `check`. */
  keys: ReadonlySet<string>;
  /** A value ends the wait; undefined keeps waiting. */
  check: () => T | undefined;
  /** Give up (resolve undefined) at this time (ms on `timers`). */
  until: number;
  signal?: AbortSignal | undefined;
}

/** Resolves with the first value of `check`, or undefined at the deadline or on abort. */
export function waitOnCache<T>(w: CacheWait<T>): Promise<T | undefined> {
  const first = w.check();
  if (first !== undefined || w.signal?.aborted) return Promise.resolve(first);
  return new Promise((resolve) => {
    const finish = (v: T | undefined) => {
      unsubscribe();
      w.timers.clearTimeout(timer);
      w.signal?.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => finish(undefined);
    const unsubscribe = w.live.on((_type, obj) => {
      if (!w.keys.has(keyString(keyOf(obj)))) return;
      const v = w.check();
      if (v !== undefined) finish(v);
    });
    const timer = w.timers.setTimeout(() => finish(w.check()), Math.max(0, w.until - w.timers.now()));
    w.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves once the cache holds no object `key` with this uid (deleted, or replaced by a new one). */
export async function waitGone(
  live: LiveView,
  timers: Timers,
  key: ResourceKey,
  uid: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  await live.ensureType(key.group, key.kind);
  const gone = (o: KubeObject | undefined) =>
    o === undefined || (uid !== undefined && o.metadata.uid !== uid);
  const done = await waitOnCache({
    live,
    timers,
    keys: new Set([keyString(key)]),
    check: () => (gone(live.get(key)) ? true : undefined),
    until: timers.now() + timeoutMs,
    signal,
  });
  if (done === undefined) {
    if (signal?.aborted) throw new Error('operation terminated');
    throw new Error(`timed out deleting the previous ${describeKey(key)}`);
  }
}
