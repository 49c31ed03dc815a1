// aggregateHealth: the worst status wins, in Argo CD's order.
import type { HealthStatusCode } from '../model/index.js';
import type { HealthStatus } from './types.js';

/** Healthy < Suspended < Progressing < Missing < Degraded < Unknown. */
export const HEALTH_ORDER: readonly HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

export function isWorse(a: HealthStatusCode, b: HealthStatusCode): boolean {
  return HEALTH_ORDER.indexOf(a) > HEALTH_ORDER.indexOf(b);
}

/** The worst of the statuses (its message kept); Healthy for none. */
export function aggregateHealth(statuses: Iterable<HealthStatus | HealthStatusCode>): HealthStatus {
  let worst: HealthStatus = { status: 'Healthy' };
  for (const s of statuses) {
    const h = typeof s === 'string' ? { status: s } : s;
    if (isWorse(h.status, worst.status)) worst = h;
  }
  return worst;
}
