// Generic health for any kind without its own check: kstatus conventions (generation, conditions, phase).
import { conditionsHealth, phaseCode, staleGeneration } from '../conventions/conventions.js';
import { defineAssessor, parts, status, str } from '../read-fields.js';
import type { HealthStatus } from '../types.js';

/**
 * Used when nothing specific judges a kind (see docs/health.md): an unobserved generation is Progressing,
 * then the standard conditions, then a common `status.phase` word; a status that says none of these is
 * Healthy, as before (the object exists).
 */
export const genericAssessor = defineAssessor([], (o): HealthStatus => {
  const st = parts(o).status;
  const stale = staleGeneration(o, st);
  if (stale) return stale;
  const byConditions = conditionsHealth(o, st);
  if (byConditions) return byConditions;
  const phase = str(st, 'phase');
  const code = phase === undefined ? undefined : phaseCode(phase);
  if (phase === undefined || code === undefined) return status('Healthy');
  const detail = str(st, 'message') ?? str(st, 'reason');
  return status(code, detail ? `${phase}: ${detail}` : phase);
});
