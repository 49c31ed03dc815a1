import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { kyvernoPolicyAssessor, kyvernoUpdateRequestAssessor } from './kyverno.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const k = (kind: string, status?: Record<string, unknown>, apiVersion = 'kyverno.io/v1') =>
  kube(apiVersion, kind, { spec: {}, ...(status ? { status } : {}) });

runAssessorContract(kyvernoPolicyAssessor, {
  sample: k('ClusterPolicy'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'ready',
      obj: k('ClusterPolicy', { conditions: [c('Ready', 'True', 'Succeeded', 'Ready')] }),
      want: 'Healthy',
    },
    {
      name: 'not ready',
      obj: k('Policy', { conditions: [c('Ready', 'False', 'Failed', 'failed to build policy')] }),
      want: 'Degraded',
      message: 'failed to build',
    },
    { name: 'old ready flag', obj: k('ClusterPolicy', { ready: true }), want: 'Healthy' },
    { name: 'old not-ready flag', obj: k('ClusterPolicy', { ready: false }), want: 'Degraded' },
    {
      name: 'CEL policy',
      obj: k(
        'ValidatingPolicy',
        { conditions: [c('WebhookConfigured', 'True')] },
        'policies.kyverno.io/v1alpha1',
      ),
      want: 'Healthy',
    },
  ],
});

runAssessorContract(kyvernoUpdateRequestAssessor, {
  sample: k('UpdateRequest', undefined, 'kyverno.io/v2'),
  noStatus: 'Progressing',
  cases: [
    { name: 'completed', obj: k('UpdateRequest', { state: 'Completed' }, 'kyverno.io/v2'), want: 'Healthy' },
    {
      name: 'failed',
      obj: k('UpdateRequest', { state: 'Failed', message: 'cannot create' }, 'kyverno.io/v2'),
      want: 'Degraded',
    },
  ],
});
