import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { daemonSetAssessor } from './daemon-set.js';

const ds = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  kube('apps/v1', 'DaemonSet', { spec, metadata: { generation: 1 }, ...(status ? { status } : {}) });
const ok = {
  observedGeneration: 1,
  desiredNumberScheduled: 3,
  updatedNumberScheduled: 3,
  numberAvailable: 3,
};

runAssessorContract(daemonSetAssessor, {
  sample: ds({}),
  noStatus: 'Progressing',
  cases: [
    { name: 'rolled out', obj: ds({}, ok), want: 'Healthy' },
    { name: 'old generation', obj: ds({}, { ...ok, observedGeneration: 0 }), want: 'Progressing' },
    {
      name: 'updating',
      obj: ds({}, { ...ok, updatedNumberScheduled: 2 }),
      want: 'Progressing',
      message: '2 out of 3 new pods',
    },
    {
      name: 'unavailable',
      obj: ds({}, { ...ok, numberAvailable: 1 }),
      want: 'Progressing',
      message: '1 of 3 updated pods',
    },
    {
      name: 'OnDelete',
      obj: ds({ updateStrategy: { type: 'OnDelete' } }, { ...ok, updatedNumberScheduled: 1 }),
      want: 'Healthy',
    },
  ],
});
