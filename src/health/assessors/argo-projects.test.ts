import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import {
  analysisAssessor,
  cronWorkflowAssessor,
  rolloutAssessor,
  workflowAssessor,
} from './argo-projects.js';

const a = (
  kind: string,
  status?: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  generation = 2,
) => kube('argoproj.io/v1alpha1', kind, { spec, metadata: { generation }, ...(status ? { status } : {}) });

runAssessorContract(rolloutAssessor, {
  sample: a('Rollout'),
  noStatus: 'Progressing',
  cases: [
    { name: 'healthy', obj: a('Rollout', { phase: 'Healthy', observedGeneration: '2' }), want: 'Healthy' },
    {
      name: 'progressing',
      obj: a('Rollout', { phase: 'Progressing', message: 'more replicas need to be updated' }),
      want: 'Progressing',
      message: 'more replicas',
    },
    {
      name: 'paused step',
      obj: a('Rollout', { phase: 'Paused', message: 'CanaryPauseStep' }),
      want: 'Suspended',
      message: 'CanaryPauseStep',
    },
    { name: 'spec.paused', obj: a('Rollout', { phase: 'Healthy' }, { paused: true }), want: 'Suspended' },
    {
      name: 'degraded',
      obj: a('Rollout', { phase: 'Degraded', message: 'ProgressDeadlineExceeded' }),
      want: 'Degraded',
    },
    {
      name: 'string generation not seen',
      obj: a('Rollout', { phase: 'Healthy', observedGeneration: '1' }),
      want: 'Progressing',
    },
    { name: 'unknown phase', obj: a('Rollout', { phase: 'Weird' }), want: 'Unknown' },
  ],
});

runAssessorContract(analysisAssessor, {
  sample: a('AnalysisRun'),
  noStatus: 'Progressing',
  cases: [
    { name: 'running', obj: a('AnalysisRun', { phase: 'Running' }), want: 'Progressing' },
    { name: 'successful', obj: a('AnalysisRun', { phase: 'Successful' }), want: 'Healthy' },
    {
      name: 'failed',
      obj: a('AnalysisRun', { phase: 'Failed', message: 'metric "success-rate" assessed Failed' }),
      want: 'Degraded',
      message: 'success-rate',
    },
    { name: 'inconclusive', obj: a('Experiment', { phase: 'Inconclusive' }), want: 'Suspended' },
  ],
});

runAssessorContract(workflowAssessor, {
  sample: a('Workflow'),
  noStatus: 'Progressing',
  cases: [
    { name: 'running', obj: a('Workflow', { phase: 'Running' }), want: 'Progressing' },
    { name: 'succeeded', obj: a('Workflow', { phase: 'Succeeded' }), want: 'Healthy' },
    {
      name: 'failed',
      obj: a('Workflow', { phase: 'Failed', message: 'child failed' }),
      want: 'Degraded',
      message: 'child failed',
    },
    { name: 'error', obj: a('Workflow', { phase: 'Error' }), want: 'Degraded' },
    { name: 'suspended', obj: a('Workflow', { phase: 'Running' }, { suspend: true }), want: 'Suspended' },
    {
      name: 'finished while suspend set',
      obj: a('Workflow', { phase: 'Succeeded' }, { suspend: true }),
      want: 'Healthy',
    },
  ],
});

runAssessorContract(cronWorkflowAssessor, {
  sample: a('CronWorkflow'),
  noStatus: 'Healthy',
  cases: [
    {
      name: 'spec error',
      obj: a('CronWorkflow', {
        conditions: [{ type: 'SpecError', status: 'True', message: 'bad schedule' }],
      }),
      want: 'Degraded',
      message: 'bad schedule',
    },
    { name: 'suspended', obj: a('CronWorkflow', {}, { suspend: true }), want: 'Suspended' },
    { name: 'scheduling', obj: a('CronWorkflow', { active: [] }), want: 'Healthy' },
  ],
});
