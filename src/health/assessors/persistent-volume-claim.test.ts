import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { persistentVolumeClaimAssessor } from './persistent-volume-claim.js';

const pvc = (phase?: string) =>
  kube('v1', 'PersistentVolumeClaim', { spec: {}, ...(phase ? { status: { phase } } : {}) });

runAssessorContract(persistentVolumeClaimAssessor, {
  sample: pvc(),
  noStatus: 'Progressing',
  cases: [
    { name: 'Bound', obj: pvc('Bound'), want: 'Healthy' },
    { name: 'Pending', obj: pvc('Pending'), want: 'Progressing' },
    { name: 'Lost', obj: pvc('Lost'), want: 'Degraded' },
    { name: 'something new', obj: pvc('Resizing'), want: 'Unknown' },
  ],
});
