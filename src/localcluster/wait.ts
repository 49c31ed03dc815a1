// Readiness waits with an injected clock, so their deadlines are unit-tested without waiting.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface WaitUntilOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  /** Said in the timeout error. */
  what: string;
}

export class WaitTimeoutError extends Error {}

/** Calls `check` until it returns true; throws WaitTimeoutError after the deadline. */
export async function waitUntil(check: () => Promise<boolean>, opts: WaitUntilOptions): Promise<void> {
  const clock = opts.clock ?? realClock;
  const deadline = clock.now() + opts.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (clock.now() >= deadline) {
      throw new WaitTimeoutError(
        `timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${opts.what}`,
      );
    }
    await clock.sleep(opts.intervalMs ?? 250);
  }
}
