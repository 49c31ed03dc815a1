import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { veleroLocationAssessor, veleroRunAssessor, veleroScheduleAssessor } from './velero.js';

const v = (kind: string, status?: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  kube('velero.io/v1', kind, { spec, ...(status ? { status } : {}) });

runAssessorContract(veleroRunAssessor, {
  sample: v('Backup'),
  noStatus: 'Progressing',
  cases: [
    { name: 'completed', obj: v('Backup', { phase: 'Completed' }), want: 'Healthy' },
    { name: 'in progress', obj: v('Backup', { phase: 'InProgress' }), want: 'Progressing' },
    {
      name: 'partially failed',
      obj: v('Backup', { phase: 'PartiallyFailed', errors: 5 }),
      want: 'Degraded',
      message: '5 errors',
    },
    {
      name: 'failed validation',
      obj: v('Restore', { phase: 'FailedValidation', validationErrors: ['backup "x" not found'] }),
      want: 'Degraded',
      message: 'not found',
    },
    {
      name: 'failed',
      obj: v('Restore', { phase: 'Failed', failureReason: 'timeout' }),
      want: 'Degraded',
      message: 'timeout',
    },
    {
      name: 'waiting for plugins',
      obj: v('Backup', { phase: 'WaitingForPluginOperations' }),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(veleroScheduleAssessor, {
  sample: v('Schedule'),
  noStatus: 'Progressing',
  cases: [
    { name: 'enabled', obj: v('Schedule', { phase: 'Enabled' }), want: 'Healthy' },
    {
      name: 'invalid cron',
      obj: v('Schedule', { phase: 'FailedValidation', validationErrors: ['invalid schedule'] }),
      want: 'Degraded',
    },
    { name: 'paused', obj: v('Schedule', { phase: 'Enabled' }, { paused: true }), want: 'Suspended' },
  ],
});

runAssessorContract(veleroLocationAssessor, {
  sample: v('BackupStorageLocation'),
  noStatus: 'Progressing',
  cases: [
    { name: 'available', obj: v('BackupStorageLocation', { phase: 'Available' }), want: 'Healthy' },
    {
      name: 'unavailable',
      obj: v('BackupStorageLocation', { phase: 'Unavailable', message: 'bucket not found' }),
      want: 'Degraded',
      message: 'bucket not found',
    },
  ],
});
