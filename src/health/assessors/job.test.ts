import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { jobAssessor } from './job.js';

const job = (status?: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  kube('batch/v1', 'Job', { spec, ...(status ? { status } : {}) });
const cond = (type: string, status = 'True', message = '') => ({ conditions: [{ type, status, message }] });

runAssessorContract(jobAssessor, {
  sample: job(),
  noStatus: 'Progressing',
  cases: [
    { name: 'active', obj: job({ active: 1 }), want: 'Progressing', message: '1 active pod' },
    { name: 'complete', obj: job(cond('Complete')), want: 'Healthy' },
    {
      name: 'failed',
      obj: job(cond('Failed', 'True', 'BackoffLimitExceeded')),
      want: 'Degraded',
      message: 'BackoffLimitExceeded',
    },
    { name: 'suspended condition', obj: job(cond('Suspended')), want: 'Suspended' },
    { name: 'suspended by spec', obj: job({}, { suspend: true }), want: 'Suspended' },
    { name: 'a False condition does not count', obj: job(cond('Complete', 'False')), want: 'Progressing' },
  ],
});
