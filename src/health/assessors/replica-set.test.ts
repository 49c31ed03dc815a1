import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { replicaSetAssessor } from './replica-set.js';

const rs = (status?: Record<string, unknown>) =>
  kube('apps/v1', 'ReplicaSet', {
    spec: { replicas: 2 },
    metadata: { generation: 1 },
    ...(status ? { status } : {}),
  });

runAssessorContract(replicaSetAssessor, {
  sample: rs(),
  noStatus: 'Progressing',
  cases: [
    { name: 'available', obj: rs({ observedGeneration: 1, availableReplicas: 2 }), want: 'Healthy' },
    {
      name: 'not available',
      obj: rs({ observedGeneration: 1, availableReplicas: 1 }),
      want: 'Progressing',
      message: '1 out of 2',
    },
    {
      name: 'replica failure',
      obj: rs({
        observedGeneration: 1,
        conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'quota exceeded' }],
      }),
      want: 'Degraded',
      message: 'quota exceeded',
    },
  ],
});
