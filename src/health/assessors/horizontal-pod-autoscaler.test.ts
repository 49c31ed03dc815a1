import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { horizontalPodAutoscalerAssessor } from './horizontal-pod-autoscaler.js';

const hpa = (conditions?: unknown[], annotations?: Record<string, string>) =>
  kube('autoscaling/v2', 'HorizontalPodAutoscaler', {
    spec: { maxReplicas: 3 },
    ...(conditions ? { status: { conditions } } : {}),
    ...(annotations ? { metadata: { annotations } } : {}),
  });
const c = (type: string, reason: string) => ({ type, status: 'True', reason, message: `${type} ${reason}` });

runAssessorContract(horizontalPodAutoscalerAssessor, {
  sample: hpa(),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'scaling fine',
      obj: hpa([c('AbleToScale', 'SucceededRescale'), c('ScalingActive', 'ValidMetricFound')]),
      want: 'Healthy',
    },
    { name: 'within range', obj: hpa([c('ScalingLimited', 'DesiredWithinRange')]), want: 'Healthy' },
    {
      name: 'cannot read metrics',
      obj: hpa([c('AbleToScale', 'SucceededGetScale'), c('ScalingActive', 'FailedGetResourceMetric')]),
      want: 'Degraded',
    },
    { name: 'no verdict yet', obj: hpa([c('ScalingActive', 'ValidMetricFound')]), want: 'Progressing' },
    {
      name: 'v1 conditions annotation',
      obj: hpa(undefined, {
        'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify([c('AbleToScale', 'FailedGetScale')]),
      }),
      want: 'Degraded',
    },
  ],
});
