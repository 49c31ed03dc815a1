import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { cnpgBackupAssessor, cnpgClusterAssessor, cnpgScheduledBackupAssessor } from './cloudnative-pg.js';

const pg = (kind: string, status?: Record<string, unknown>, spec: Record<string, unknown> = {}) =>
  kube('postgresql.cnpg.io/v1', kind, { spec, ...(status ? { status } : {}) });

runAssessorContract(cnpgClusterAssessor, {
  sample: pg('Cluster'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'healthy',
      obj: pg('Cluster', { phase: 'Cluster in healthy state', instances: 3, readyInstances: 3 }),
      want: 'Healthy',
    },
    {
      name: 'setting up primary',
      obj: pg('Cluster', {
        phase: 'Setting up primary',
        phaseReason: 'Creating primary instance cluster-example-1',
      }),
      want: 'Progressing',
      message: 'Creating primary',
    },
    { name: 'new replica', obj: pg('Cluster', { phase: 'Creating a new replica' }), want: 'Progressing' },
    {
      name: 'unrecoverable',
      obj: pg('Cluster', { phase: 'Cluster is unrecoverable', phaseReason: 'all PVCs lost' }),
      want: 'Degraded',
      message: 'all PVCs lost',
    },
    { name: 'disk full', obj: pg('Cluster', { phase: 'Not enough disk space' }), want: 'Degraded' },
    {
      name: 'hibernated',
      obj: pg('Cluster', {
        phase: 'Cluster in healthy state',
        conditions: [
          {
            type: 'cnpg.io/hibernation',
            status: 'True',
            reason: 'Hibernated',
            message: 'Cluster has been hibernated',
          },
        ],
      }),
      want: 'Suspended',
    },
  ],
});

runAssessorContract(cnpgBackupAssessor, {
  sample: pg('Backup'),
  noStatus: 'Progressing',
  cases: [
    { name: 'completed', obj: pg('Backup', { phase: 'completed' }), want: 'Healthy' },
    {
      name: 'failed',
      obj: pg('Backup', { phase: 'failed', error: 'no barman object store' }),
      want: 'Degraded',
      message: 'no barman',
    },
    { name: 'running', obj: pg('Backup', { phase: 'running' }), want: 'Progressing' },
  ],
});

runAssessorContract(cnpgScheduledBackupAssessor, {
  sample: pg('ScheduledBackup'),
  noStatus: 'Healthy',
  cases: [
    { name: 'suspended', obj: pg('ScheduledBackup', {}, { suspend: true }), want: 'Suspended' },
    {
      name: 'scheduling',
      obj: pg('ScheduledBackup', { lastScheduleTime: '2026-01-01T00:00:00Z' }),
      want: 'Healthy',
    },
  ],
});
