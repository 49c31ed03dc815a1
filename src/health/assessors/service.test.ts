import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { serviceAssessor } from './service.js';

const svc = (type: string, status?: unknown) =>
  kube('v1', 'Service', { spec: { type, ports: [{ port: 80 }] }, ...(status ? { status } : {}) });

runAssessorContract(serviceAssessor, {
  sample: svc('LoadBalancer'),
  noStatus: 'Progressing',
  cases: [
    { name: 'ClusterIP', obj: svc('ClusterIP'), want: 'Healthy' },
    {
      name: 'LoadBalancer without address',
      obj: svc('LoadBalancer', { loadBalancer: {} }),
      want: 'Progressing',
    },
    {
      name: 'LoadBalancer with address',
      obj: svc('LoadBalancer', { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } }),
      want: 'Healthy',
    },
  ],
});
