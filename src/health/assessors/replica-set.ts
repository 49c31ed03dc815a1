// ReplicaSet health: observed generation, ReplicaFailure, available against desired replicas.
import { conditions, defineAssessor, num, parts, status } from '../read-fields.js';

export const replicaSetAssessor = defineAssessor([{ group: 'apps', kind: 'ReplicaSet' }], (o) => {
  const { spec, status: st, generation } = parts(o);
  if (Object.keys(st).length === 0)
    return status('Progressing', 'Waiting for the replica set controller to report status');
  const observed = num(st, 'observedGeneration') ?? 0;
  if (generation > observed)
    return status(
      'Progressing',
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    );
  const failure = conditions(st).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) return status('Degraded', failure.message);
  const want = num(spec, 'replicas');
  const available = num(st, 'availableReplicas') ?? 0;
  if (want !== undefined && available < want)
    return status(
      'Progressing',
      `Waiting for rollout to finish: ${available} out of ${want} new replicas are available...`,
    );
  return status('Healthy');
});
