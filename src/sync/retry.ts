// Retry backoff of a failed sync (Argo CD's formula and defaults).
import { parseDuration, type DurationResult } from '../common/duration.js';
import type { RetryBackoff } from '../model/index.js';

export const DEFAULT_RETRY_DURATION = '5s';
export const DEFAULT_RETRY_FACTOR = 2;
export const DEFAULT_RETRY_MAX_DURATION = '3m';

export { parseDuration, type DurationResult } from '../common/duration.js';

/**
 * Delay before retry number `attempt` (0 for the first retry): duration × factor^attempt, capped at
 * maxDuration. The first retry waits exactly `duration`, as in Argo CD.
 */
export function retryDelay(attempt: number, backoff: RetryBackoff = {}): DurationResult {
  const base = parseDuration(backoff.duration ?? DEFAULT_RETRY_DURATION);
  if (!base.ok) return { ok: false, message: `retry.backoff.duration: ${base.message}` };
  const max = parseDuration(backoff.maxDuration ?? DEFAULT_RETRY_MAX_DURATION);
  if (!max.ok) return { ok: false, message: `retry.backoff.maxDuration: ${max.message}` };
  const factor = backoff.factor ?? DEFAULT_RETRY_FACTOR;
  if (!Number.isFinite(factor) || factor < 1) {
    return { ok: false, message: `retry.backoff.factor must be a number ≥ 1, got ${String(factor)}` };
  }
  const raw = base.ms * Math.pow(factor, Math.max(0, attempt));
  // A maxDuration of 0 means "no cap" in Argo CD.
  return { ok: true, ms: max.ms > 0 ? Math.min(max.ms, raw) : raw };
}

/** Whether another retry is allowed after `retryCount` retries; a negative limit retries forever. */
export function canRetry(retryCount: number, limit: number | undefined): boolean {
  if (limit === undefined) return false;
  return limit < 0 || retryCount < limit;
}
