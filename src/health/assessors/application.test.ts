import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { applicationAssessor } from './application.js';

const app = (health?: Record<string, unknown>) =>
  kube('argoproj.io/v1alpha1', 'Application', {
    spec: { project: 'default' },
    ...(health ? { status: { health } } : {}),
  });

runAssessorContract(applicationAssessor, {
  sample: app(),
  noStatus: 'Progressing',
  cases: [
    { name: 'healthy child app', obj: app({ status: 'Healthy' }), want: 'Healthy' },
    {
      name: 'degraded child app',
      obj: app({ status: 'Degraded', message: 'child broke' }),
      want: 'Degraded',
      message: 'child broke',
    },
    { name: 'not a health code', obj: app({ status: 'Fine' }), want: 'Unknown' },
  ],
});
