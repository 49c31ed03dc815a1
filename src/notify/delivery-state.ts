// Delivery state kept on the Application itself, so a restart or another replica never resends:
// Argo CD's `notified.notifications.argoproj.io` (key → unix seconds) plus our pending deliveries
// (written before sending, removed after, retried with backoff) in `notifications.driftless.dev/pending`.
import { createHash } from 'node:crypto';
import type { Subscription } from './subscriptions.js';

export const NOTIFIED_ANNOTATION = 'notified.notifications.argoproj.io';
export const PENDING_ANNOTATION = 'notifications.driftless.dev/pending';

export interface PendingDelivery {
  trigger: string;
  service: string;
  recipient: string;
  templates: string[];
  attempts: number;
  /** Epoch ms before which the next attempt must not start. */
  notBefore: number;
  lastError?: string;
  /** Data for the template beyond the app (a drift alert's resources and fields). */
  drift?: unknown;
}

export interface DeliveryState {
  notified: Record<string, number>;
  pending: Record<string, PendingDelivery>;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

export function readState(annotations: Record<string, string> | undefined): DeliveryState {
  return {
    notified: parseJson<Record<string, number>>(annotations?.[NOTIFIED_ANNOTATION]) ?? {},
    pending: parseJson<Record<string, PendingDelivery>>(annotations?.[PENDING_ANNOTATION]) ?? {},
  };
}

/** The annotations (null = remove) that store `state`, for a merge patch of metadata.annotations. */
export function stateAnnotations(state: DeliveryState): Record<string, string | null> {
  const json = (o: object): string | null => (Object.keys(o).length > 0 ? JSON.stringify(o) : null);
  return { [NOTIFIED_ANNOTATION]: json(state.notified), [PENDING_ANNOTATION]: json(state.pending) };
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 10);

/** One key per (trigger condition, oncePer value, destination), as Argo CD keys its notified map. */
export function deliveryKey(
  trigger: string,
  index: number,
  when: string,
  oncePer: string,
  dest: Pick<Subscription, 'service' | 'recipient'>,
): string {
  return `${trigger}:[${index}].${hash(when)}:${oncePer}:${dest.service}:${dest.recipient}`;
}

export interface ConditionOutcome {
  trigger: string;
  index: number;
  when: string;
  triggered: boolean;
  /** The oncePer expression's value ('' without oncePer); a flag with a value is never reset. */
  oncePer: string;
  hasOncePer: boolean;
  templates: string[];
}

/**
 * What to do for one app: deliveries to start (recorded as notified and pending at once) and keys to
 * forget (a condition without oncePer that stopped holding may fire again when it holds next time).
 */
export function planDeliveries(
  outcomes: readonly ConditionOutcome[],
  subscriptions: readonly Subscription[],
  state: DeliveryState,
  now: number,
): { start: Record<string, PendingDelivery>; forget: string[] } {
  const start: Record<string, PendingDelivery> = {};
  const forget: string[] = [];
  for (const sub of subscriptions) {
    for (const o of outcomes) {
      if (o.trigger !== sub.trigger) continue;
      const key = deliveryKey(o.trigger, o.index, o.when, o.oncePer, sub);
      if (o.triggered) {
        if (state.notified[key] === undefined && !state.pending[key])
          start[key] = {
            trigger: o.trigger,
            service: sub.service,
            recipient: sub.recipient,
            templates: o.templates,
            attempts: 0,
            notBefore: now,
          };
      } else if (!o.hasOncePer && state.notified[key] !== undefined && !state.pending[key]) {
        forget.push(key);
      }
    }
  }
  return { start, forget };
}

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 2_000, maxMs: 60_000 };

/** After a failed attempt: the next try (with exponential backoff) or `undefined` when it gives up. */
export function afterFailure(
  p: PendingDelivery,
  error: string,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY,
): PendingDelivery | undefined {
  const attempts = p.attempts + 1;
  if (attempts >= policy.maxAttempts) return undefined;
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
  return { ...p, attempts, notBefore: now + delay, lastError: error.slice(0, 300) };
}
