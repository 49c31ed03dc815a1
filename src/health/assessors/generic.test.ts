import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { genericAssessor } from './generic.js';

const widget = (status?: Record<string, unknown>, generation = 2) =>
  kube('example.com/v1', 'Widget', {
    spec: { size: 1 },
    metadata: { generation },
    ...(status ? { status } : {}),
  });
const c = (type: string, s: string, reason = '', extra: Record<string, unknown> = {}) => ({
  type,
  status: s,
  reason,
  message: `${type} says ${s}`,
  ...extra,
});

runAssessorContract(
  { ...genericAssessor, kinds: [{ group: 'example.com', kind: 'Widget' }] },
  {
    sample: widget(),
    noStatus: 'Healthy',
    cases: [
      { name: 'empty status', obj: widget({}), want: 'Healthy' },
      {
        name: 'generation not observed',
        obj: widget({ observedGeneration: 1 }),
        want: 'Progressing',
        message: 'generation 2',
      },
      { name: 'generation observed, no conditions', obj: widget({ observedGeneration: 2 }), want: 'Healthy' },
      {
        name: 'Ready True',
        obj: widget({ conditions: [c('Ready', 'True', 'Done')] }),
        want: 'Healthy',
        message: 'Done',
      },
      {
        name: 'Ready False',
        obj: widget({ conditions: [c('Ready', 'False', 'AuthFailed')] }),
        want: 'Degraded',
        message: 'AuthFailed: Ready says False',
      },
      {
        name: 'Ready False, working reason',
        obj: widget({ conditions: [c('Ready', 'False', 'Progressing')] }),
        want: 'Progressing',
      },
      { name: 'Ready Unknown', obj: widget({ conditions: [c('Ready', 'Unknown')] }), want: 'Progressing' },
      {
        name: 'Ready for an older generation',
        obj: widget({ conditions: [c('Ready', 'True', 'Done', { observedGeneration: 1 })] }),
        want: 'Progressing',
      },
      {
        name: 'Stalled True wins over Ready',
        obj: widget({ conditions: [c('Ready', 'True'), c('Stalled', 'True', 'BadSpec')] }),
        want: 'Degraded',
        message: 'BadSpec',
      },
      {
        name: 'Reconciling True',
        obj: widget({ conditions: [c('Ready', 'True'), c('Reconciling', 'True', 'Progressing')] }),
        want: 'Progressing',
      },
      {
        name: 'Degraded True',
        obj: widget({ conditions: [c('Degraded', 'True', 'Crash')] }),
        want: 'Degraded',
      },
      {
        name: 'Degraded False alone',
        obj: widget({ conditions: [c('Degraded', 'False')] }),
        want: 'Healthy',
      },
      { name: 'Available True', obj: widget({ conditions: [c('Available', 'True')] }), want: 'Healthy' },
      {
        name: 'Available False',
        obj: widget({ conditions: [c('Available', 'False', 'MinimumReplicasUnavailable')] }),
        want: 'Degraded',
      },
      {
        name: 'Progressing True, not yet available',
        obj: widget({ conditions: [c('Progressing', 'True')] }),
        want: 'Progressing',
      },
      {
        name: 'progress deadline exceeded',
        obj: widget({ conditions: [c('Progressing', 'False', 'ProgressDeadlineExceeded')] }),
        want: 'Degraded',
      },
      {
        name: 'Crossplane Synced False',
        obj: widget({ conditions: [c('Synced', 'False', 'ReconcileError'), c('Ready', 'True')] }),
        want: 'Degraded',
        message: 'ReconcileError',
      },
      {
        name: 'Crossplane creating',
        obj: widget({ conditions: [c('Synced', 'True'), c('Ready', 'False', 'Creating')] }),
        want: 'Progressing',
      },
      {
        name: 'Crossplane claim waiting',
        obj: widget({ conditions: [c('Synced', 'True'), c('Ready', 'False', 'Waiting')] }),
        want: 'Progressing',
      },
      {
        name: 'Crossplane unavailable',
        obj: widget({ conditions: [c('Synced', 'True'), c('Ready', 'False', 'Unavailable')] }),
        want: 'Degraded',
      },
      {
        name: 'unrelated conditions only',
        obj: widget({ conditions: [c('Scheduled', 'False')] }),
        want: 'Healthy',
      },
      { name: 'phase Running', obj: widget({ phase: 'Running' }), want: 'Healthy' },
      {
        name: 'phase Failed with a message',
        obj: widget({ phase: 'Failed', message: 'disk full' }),
        want: 'Degraded',
        message: 'Failed: disk full',
      },
      { name: 'phase In Progress', obj: widget({ phase: 'In Progress' }), want: 'Progressing' },
      { name: 'phase Paused', obj: widget({ phase: 'Paused' }), want: 'Suspended' },
      { name: 'unknown phase word', obj: widget({ phase: 'Blue' }), want: 'Healthy' },
      {
        name: 'conditions win over phase',
        obj: widget({ phase: 'Running', conditions: [c('Ready', 'False', 'Broken')] }),
        want: 'Degraded',
      },
      { name: 'string observedGeneration', obj: widget({ observedGeneration: '1' }), want: 'Progressing' },
    ],
  },
);
