// The connection state of one destination cluster: what the API shows, and when to try it again.

export type ConnectionStatus = 'Unknown' | 'Successful' | 'Failed';

export interface ConnectionState {
  status: ConnectionStatus;
  message: string;
  /** Failures in a row; drives the backoff. */
  failures: number;
  /** No new attempt (probe or cache start) before this time (ms). */
  retryAt: number;
  /** When the cache last completed a list of every watched type (ms), if ever. */
  lastCacheSyncAt?: number;
  serverVersion?: string;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_CLUSTER_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000 };

export function initialState(): ConnectionState {
  return { status: 'Unknown', message: '', failures: 0, retryAt: 0 };
}

export function succeeded(s: ConnectionState, now: number, serverVersion?: string): ConnectionState {
  return {
    ...s,
    status: 'Successful',
    message: '',
    failures: 0,
    retryAt: 0,
    ...(serverVersion ? { serverVersion } : {}),
    lastCacheSyncAt: now,
  };
}

/** A failure doubles the wait before the next attempt, from baseMs up to maxMs. */
export function failed(s: ConnectionState, now: number, message: string, b: Backoff): ConnectionState {
  const failures = s.failures + 1;
  const wait = Math.min(b.maxMs, b.baseMs * 2 ** (failures - 1));
  return { ...s, status: 'Failed', message, failures, retryAt: now + wait };
}

/** Whether a failed cluster may be tried again now. */
export function mayRetry(s: ConnectionState, now: number): boolean {
  return s.status !== 'Failed' || now >= s.retryAt;
}
