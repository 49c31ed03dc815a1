// HorizontalPodAutoscaler health from its conditions (v2 status.conditions, or v1's conditions annotation).
import { isPlainObject } from '../../model/index.js';
import { conditions, defineAssessor, MalformedField, parts, status, type Condition } from '../read-fields.js';

const DEGRADED = new Set([
  'AbleToScale/FailedGetScale',
  'AbleToScale/FailedUpdateScale',
  'ScalingActive/FailedGetResourceMetric',
  'ScalingActive/InvalidSelector',
]);
const HEALTHY = new Set([
  'AbleToScale/SucceededGetScale',
  'AbleToScale/SucceededRescale',
  'ScalingLimited/DesiredWithinRange',
  'ScalingLimited/TooFewReplicas',
  'ScalingLimited/TooManyReplicas',
]);
const V1_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';

export const horizontalPodAutoscalerAssessor = defineAssessor(
  [{ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' }],
  (o) => {
    const all = hpaConditions(o);
    const degraded = all.find((c) => DEGRADED.has(`${c.type}/${c.reason}`));
    if (degraded) return status('Degraded', degraded.message);
    const healthy = all.find((c) => HEALTHY.has(`${c.type}/${c.reason}`));
    if (healthy) return status('Healthy', healthy.message);
    return status('Progressing', 'Waiting to Autoscale');
  },
);

function hpaConditions(o: Parameters<typeof parts>[0]): Condition[] {
  const fromStatus = conditions(parts(o).status);
  if (fromStatus.length > 0) return fromStatus;
  const raw = o.metadata.annotations?.[V1_CONDITIONS];
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new MalformedField(`${V1_CONDITIONS} is not JSON`);
  }
  return conditions({ conditions: Array.isArray(parsed) ? parsed.filter(isPlainObject) : parsed });
}
