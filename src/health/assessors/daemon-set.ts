// DaemonSet health: observed generation, OnDelete, updated and available pods against desired.
import { defineAssessor, num, obj, parts, status, str } from '../read-fields.js';

export const daemonSetAssessor = defineAssessor([{ group: 'apps', kind: 'DaemonSet' }], (o) => {
  const { spec, status: st, generation } = parts(o);
  const observed = num(st, 'observedGeneration') ?? 0;
  if (generation > observed || Object.keys(st).length === 0)
    return status(
      'Progressing',
      'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    );
  const desired = num(st, 'desiredNumberScheduled') ?? 0;
  const updated = num(st, 'updatedNumberScheduled') ?? 0;
  const available = num(st, 'numberAvailable') ?? 0;
  if (str(obj(spec, 'updateStrategy'), 'type') === 'OnDelete')
    return status('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
  const name = o.metadata.name ?? '';
  if (updated < desired)
    return status(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  if (available < desired)
    return status(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  return status('Healthy');
});
