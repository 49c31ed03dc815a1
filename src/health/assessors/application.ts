// argoproj.io Application health: what the Application itself reports in status.health (app of apps).
import type { HealthStatusCode } from '../../model/index.js';
import { defineAssessor, MalformedField, obj, parts, status, str } from '../read-fields.js';

const CODES: ReadonlySet<string> = new Set<HealthStatusCode>([
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
]);

export const applicationAssessor = defineAssessor([{ group: 'argoproj.io', kind: 'Application' }], (o) => {
  const health = obj(parts(o).status, 'health');
  const code = str(health, 'status');
  if (code === undefined) return status('Progressing');
  if (!CODES.has(code))
    throw new MalformedField(`status.health.status ${JSON.stringify(code)} is not a health status`);
  return status(code as HealthStatusCode, str(health, 'message'));
});
