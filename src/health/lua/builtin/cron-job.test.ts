import { CRON_JOB_HEALTH_LUA } from './cron-job.js';
import { runScriptTable } from './script-table.case.js';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T11:00:00Z';

runScriptTable({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  script: CRON_JOB_HEALTH_LUA,
  noStatus: 'Healthy',
  cases: [
    { name: 'never run', want: { status: 'Healthy', message: 'CronJob has not run yet' } },
    { name: 'empty status', status: {}, want: { status: 'Healthy', message: 'CronJob has not run yet' } },
    {
      name: 'suspended wins over everything',
      spec: { suspend: true },
      status: { active: [{ name: 'j' }], lastScheduleTime: T1 },
      want: { status: 'Suspended', message: 'CronJob is suspended' },
    },
    {
      name: 'one job running',
      spec: { suspend: false },
      status: { active: [{ name: 'j1' }], lastScheduleTime: T1 },
      want: { status: 'Progressing', message: '1 job is running' },
    },
    {
      name: 'two jobs running',
      status: { active: [{ name: 'j1' }, { name: 'j2' }] },
      want: { status: 'Progressing', message: '2 jobs are running' },
    },
    {
      name: 'last run succeeded',
      status: { active: [], lastScheduleTime: T0, lastSuccessfulTime: T1 },
      want: { status: 'Healthy', message: `The last job succeeded at ${T1}` },
    },
    {
      name: 'last run failed after an earlier success',
      status: { lastScheduleTime: T1, lastSuccessfulTime: T0 },
      want: { status: 'Degraded', message: `The last job, scheduled at ${T1}, did not succeed` },
    },
    {
      name: 'never succeeded',
      status: { lastScheduleTime: T0 },
      want: { status: 'Degraded', message: `The last job, scheduled at ${T0}, did not succeed` },
    },
    {
      name: 'active is not a list',
      status: { active: 'x' },
      want: { status: 'Unknown', message: 'malformed object: status.active is not a list' },
    },
    {
      name: 'lastScheduleTime is not a string',
      status: { lastScheduleTime: 5 },
      want: { status: 'Unknown', message: 'malformed object: status.lastScheduleTime is not a string' },
    },
    {
      name: 'status is not an object',
      status: 'garbage',
      want: { status: 'Unknown', message: 'malformed object: status is not an object' },
    },
  ],
});
