// KEDA: ScaledObject and ScaledJob from Ready, Paused and Fallback.
import type { KubeObject } from '../../model/index.js';
import { isPlainObject } from '../../model/index.js';
import { cond, fromCondition } from '../conventions/conventions.js';
import { readyConditionHealth } from '../conventions/ready-condition.js';
import { conditions, defineAssessor, parts } from '../read-fields.js';

const pausedByAnnotation = (o: KubeObject): string | undefined => {
  const a =
    isPlainObject(o.metadata) && isPlainObject(o.metadata['annotations']) ? o.metadata['annotations'] : {};
  for (const key of ['autoscaling.keda.sh/paused', 'autoscaling.keda.sh/paused-replicas'])
    if (typeof a[key] === 'string' && a[key] !== 'false') return `Autoscaling paused (${key})`;
  return undefined;
};

/**
 * Paused True (or a pause annotation) is Suspended; Ready False (a scaler cannot reach its source, the target
 * is missing) is Degraded; an active Fallback (scalers failing, fallback replicas used) is Degraded; Ready
 * True is Healthy whether or not the triggers are Active.
 */
export const kedaAssessor = defineAssessor(
  ['ScaledObject', 'ScaledJob'].map((kind) => ({ group: 'keda.sh', kind })),
  (o) => {
    const list = conditions(parts(o).status);
    const paused = cond(list, 'Paused');
    if (paused?.status === 'True') return fromCondition('Suspended', paused);
    const fallback = cond(list, 'Fallback');
    if (fallback?.status === 'True') return fromCondition('Degraded', fallback);
    return readyConditionHealth(o, {
      waiting: 'Waiting for KEDA to create the HorizontalPodAutoscaler',
      suspended: pausedByAnnotation,
      working: () => false,
    });
  },
);
