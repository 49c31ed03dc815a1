import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { ingressAssessor } from './ingress.js';

const ing = (status?: unknown) =>
  kube('networking.k8s.io/v1', 'Ingress', { spec: { rules: [] }, ...(status ? { status } : {}) });

runAssessorContract(ingressAssessor, {
  sample: ing(),
  noStatus: 'Progressing',
  cases: [
    { name: 'no address yet', obj: ing({ loadBalancer: { ingress: [] } }), want: 'Progressing' },
    {
      name: 'address published',
      obj: ing({ loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } }),
      want: 'Healthy',
    },
  ],
});
