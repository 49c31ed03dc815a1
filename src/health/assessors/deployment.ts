// Deployment health: paused, rollout progress against observedGeneration, ProgressDeadlineExceeded.
import { defineAssessor, findCondition, num, bool, parts, status } from '../read-fields.js';

export const deploymentAssessor = defineAssessor([{ group: 'apps', kind: 'Deployment' }], (o) => {
  const { spec, status: st, generation } = parts(o);
  if (bool(spec, 'paused')) return status('Suspended', 'Deployment is paused');
  if (Object.keys(st).length === 0)
    return status('Progressing', 'Waiting for the deployment controller to report status');
  const observed = num(st, 'observedGeneration') ?? 0;
  if (generation > observed)
    return status(
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    );
  const progressing = findCondition(st, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return status('Degraded', `Deployment "${o.metadata.name ?? ''}" exceeded its progress deadline`);
  const want = num(spec, 'replicas');
  const replicas = num(st, 'replicas') ?? 0;
  const updated = num(st, 'updatedReplicas') ?? 0;
  const available = num(st, 'availableReplicas') ?? 0;
  if (want !== undefined && updated < want)
    return status(
      'Progressing',
      `Waiting for rollout to finish: ${updated} out of ${want} new replicas have been updated...`,
    );
  if (replicas > updated)
    return status(
      'Progressing',
      `Waiting for rollout to finish: ${replicas - updated} old replicas are pending termination...`,
    );
  if (available < updated)
    return status(
      'Progressing',
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    );
  return status('Healthy');
});
