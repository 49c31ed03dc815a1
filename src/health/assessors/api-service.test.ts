import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { apiServiceAssessor } from './api-service.js';

const api = (available?: string) =>
  kube('apiregistration.k8s.io/v1', 'APIService', {
    spec: {},
    ...(available
      ? { status: { conditions: [{ type: 'Available', status: available, reason: 'R', message: 'm' }] } }
      : {}),
  });

runAssessorContract(apiServiceAssessor, {
  sample: api(),
  noStatus: 'Progressing',
  cases: [
    { name: 'available', obj: api('True'), want: 'Healthy' },
    { name: 'not available', obj: api('False'), want: 'Progressing', message: 'R: m' },
  ],
});
