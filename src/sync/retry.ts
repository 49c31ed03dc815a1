// Retry backoff of a failed sync (Argo CD's formula and defaults) and Go-style duration parsing.
import type { RetryBackoff } from '../model/index.js';

export const DEFAULT_RETRY_DURATION = '5s';
export const DEFAULT_RETRY_FACTOR = 2;
export const DEFAULT_RETRY_MAX_DURATION = '3m';

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;

/**
 * Parses `5s`, `2m`, `1h30m`, `250ms` (Go's time.ParseDuration grammar, non-negative), and a bare
 * integer as seconds, which Argo CD also accepts for retry durations.
 */
export function parseDuration(text: string): DurationResult {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { ok: true, ms: Number(t) * 1000 };
  if (t === '0') return { ok: true, ms: 0 };
  if (!GO_DURATION.test(t))
    return { ok: false, message: `invalid duration ${JSON.stringify(text)} (use e.g. 5s, 2m, 1h)` };
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return { ok: true, ms };
}

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
