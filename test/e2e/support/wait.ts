// Waiting for a condition with a deadline: the only way e2e tests wait.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What we are waiting for, for the timeout message. */
  what: string;
}

/** `fn()`, or a rejection naming `what` once `ms` have passed without an answer (a request that never returns must not stall a test). */
export async function withDeadline<T>(fn: () => Promise<T>, ms: number, what = 'an attempt'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([fn(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `fn` until it returns a value other than undefined/false, or fails after the deadline — also
 * when an attempt hangs (it is abandoned once the deadline has passed).
 */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const interval = opts.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await withDeadline(fn, Math.max(deadline - Date.now(), 0) + 30_000);
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${opts.timeoutMs ?? 60_000} ms waiting for ${opts.what}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
