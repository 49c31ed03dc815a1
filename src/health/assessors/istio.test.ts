import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { istioConfigAssessor, istioOperatorAssessor } from './istio.js';

const vs = (status?: Record<string, unknown>) =>
  kube('networking.istio.io/v1', 'VirtualService', { spec: { hosts: ['a'] }, ...(status ? { status } : {}) });

runAssessorContract(istioConfigAssessor, {
  sample: vs(),
  noStatus: 'Healthy',
  cases: [
    { name: 'no messages', obj: vs({ observedGeneration: 1 }), want: 'Healthy' },
    {
      name: 'analysis error',
      obj: vs({
        validationMessages: [
          { level: 'ERROR', type: { code: 'IST0101' }, message: 'Referenced host not found: "b"' },
        ],
      }),
      want: 'Degraded',
      message: 'IST0101: Referenced host not found',
    },
    {
      name: 'analysis warning only',
      obj: vs({ validationMessages: [{ level: 'WARNING', message: 'x' }] }),
      want: 'Healthy',
    },
    {
      name: 'not yet on every proxy',
      obj: vs({
        conditions: [
          {
            type: 'Reconciled',
            status: 'False',
            reason: 'StillPropagating',
            message: '2/3 proxies up to date',
          },
        ],
      }),
      want: 'Progressing',
      message: '2/3',
    },
  ],
});

runAssessorContract(istioOperatorAssessor, {
  sample: kube('install.istio.io/v1alpha1', 'IstioOperator', { spec: {} }),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'healthy',
      obj: kube('install.istio.io/v1alpha1', 'IstioOperator', { status: { status: 'HEALTHY' } }),
      want: 'Healthy',
    },
    {
      name: 'error',
      obj: kube('install.istio.io/v1alpha1', 'IstioOperator', { status: { status: 'ERROR' } }),
      want: 'Degraded',
    },
    {
      name: 'reconciling',
      obj: kube('install.istio.io/v1alpha1', 'IstioOperator', { status: { status: 'RECONCILING' } }),
      want: 'Progressing',
    },
  ],
});
