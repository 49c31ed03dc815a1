// Job health: Failed → Degraded, Complete → Healthy, suspended → Suspended, otherwise Progressing.
import { bool, conditions, defineAssessor, num, parts, status } from '../read-fields.js';

export const jobAssessor = defineAssessor([{ group: 'batch', kind: 'Job' }], (o) => {
  const { spec, status: st } = parts(o);
  const isTrue = conditions(st).filter((c) => c.status === 'True');
  const failed = isTrue.find((c) => c.type === 'Failed');
  if (failed) return status('Degraded', failed.message || failed.reason);
  const complete = isTrue.find((c) => c.type === 'Complete');
  if (complete) return status('Healthy', complete.message);
  const suspended = isTrue.find((c) => c.type === 'Suspended');
  if (suspended || bool(spec, 'suspend'))
    return status('Suspended', suspended?.message || 'Job is suspended');
  const active = num(st, 'active') ?? 0;
  return status('Progressing', active > 0 ? `${active} active pod${active === 1 ? '' : 's'}` : undefined);
});
