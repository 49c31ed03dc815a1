import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { kedaAssessor } from './keda.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const k = (conds?: object[], annotations?: Record<string, string>, kind = 'ScaledObject') =>
  kube('keda.sh/v1alpha1', kind, {
    spec: {},
    ...(annotations ? { metadata: { annotations } } : {}),
    ...(conds ? { status: { conditions: conds } } : {}),
  });

runAssessorContract(kedaAssessor, {
  sample: k(),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'ready, idle',
      obj: k([c('Ready', 'True', 'ScaledObjectReady'), c('Active', 'False'), c('Fallback', 'False')]),
      want: 'Healthy',
    },
    {
      name: 'scaler failing',
      obj: k([c('Ready', 'False', 'ScaledObjectCheckFailed', 'error parsing metadata')]),
      want: 'Degraded',
      message: 'error parsing metadata',
    },
    {
      name: 'fallback active',
      obj: k([
        c('Ready', 'True'),
        c('Fallback', 'True', 'FallbackExists', 'At least one trigger is falling back'),
      ]),
      want: 'Degraded',
    },
    {
      name: 'paused condition',
      obj: k([c('Ready', 'True'), c('Paused', 'True', 'ScaledObjectPaused')]),
      want: 'Suspended',
    },
    {
      name: 'paused annotation',
      obj: k([c('Ready', 'True')], { 'autoscaling.keda.sh/paused': 'true' }),
      want: 'Suspended',
    },
    { name: 'scaled job ready', obj: k([c('Ready', 'True')], undefined, 'ScaledJob'), want: 'Healthy' },
  ],
});
