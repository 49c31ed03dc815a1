import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { deploymentAssessor } from './deployment.js';

const d = (spec: Record<string, unknown>, status?: Record<string, unknown>, generation = 2) =>
  kube('apps/v1', 'Deployment', {
    spec: { replicas: 3, ...spec },
    metadata: { generation },
    ...(status ? { status } : {}),
  });
const done = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };

runAssessorContract(deploymentAssessor, {
  sample: d({}),
  noStatus: 'Progressing',
  cases: [
    { name: 'rolled out', obj: d({}, done), want: 'Healthy' },
    { name: 'paused', obj: d({ paused: true }, done), want: 'Suspended' },
    {
      name: 'generation not observed',
      obj: d({}, { ...done, observedGeneration: 1 }),
      want: 'Progressing',
      message: 'observed deployment generation',
    },
    {
      name: 'updating',
      obj: d({}, { ...done, updatedReplicas: 1 }),
      want: 'Progressing',
      message: '1 out of 3 new replicas',
    },
    {
      name: 'old replicas terminating',
      obj: d({}, { ...done, replicas: 4 }),
      want: 'Progressing',
      message: 'old replicas are pending termination',
    },
    {
      name: 'not yet available',
      obj: d({}, { ...done, availableReplicas: 2 }),
      want: 'Progressing',
      message: '2 of 3 updated replicas',
    },
    {
      name: 'progress deadline exceeded',
      obj: d(
        {},
        {
          ...done,
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      ),
      want: 'Degraded',
      message: 'exceeded its progress deadline',
    },
  ],
});
