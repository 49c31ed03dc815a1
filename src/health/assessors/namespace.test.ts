import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { namespaceAssessor } from './namespace.js';

const ns = (phase?: string) => kube('v1', 'Namespace', phase ? { status: { phase } } : {});

runAssessorContract(namespaceAssessor, {
  sample: ns(),
  noStatus: 'Healthy',
  cases: [
    { name: 'Active', obj: ns('Active'), want: 'Healthy' },
    { name: 'Terminating', obj: ns('Terminating'), want: 'Progressing' },
  ],
});
