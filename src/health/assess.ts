// assessHealth: one object's health through the registry; never throws, never undefined.
import type { KubeObject } from '../model/index.js';
import { defaultHealthRegistry, type HealthRegistry } from './registry.js';
import type { HealthStatus } from './types.js';

/** Health of a live object; `undefined` means it does not exist (Missing). */
export function assessHealth(
  obj: KubeObject | undefined,
  registry: HealthRegistry = defaultHealthRegistry,
): HealthStatus {
  if (!obj) return { status: 'Missing' };
  // Something being deleted is on its way out, whatever its status says.
  if (obj.metadata?.deletionTimestamp) return { status: 'Progressing', message: 'Pending deletion' };
  const assessor = registry.lookup(obj);
  if (!assessor) return { status: 'Healthy' };
  try {
    const h = assessor.assess(obj);
    return isHealthStatus(h) ? h : { status: 'Unknown', message: 'health check returned no status' };
  } catch (e) {
    // Overrides (custom scripts) are not built with defineAssessor and may throw.
    return {
      status: 'Unknown',
      message: `health check failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

const CODES = new Set(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

function isHealthStatus(h: unknown): h is HealthStatus {
  return typeof h === 'object' && h !== null && CODES.has((h as { status?: unknown }).status as string);
}
