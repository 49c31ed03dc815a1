import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { podAssessor } from './pod.js';

const pod = (status?: Record<string, unknown>, restartPolicy?: string) =>
  kube('v1', 'Pod', {
    spec: { containers: [{ name: 'c', image: 'i' }], ...(restartPolicy ? { restartPolicy } : {}) },
    ...(status ? { status } : {}),
  });
const waiting = (reason: string) => ({
  phase: 'Pending',
  containerStatuses: [{ name: 'c', state: { waiting: { reason, message: `${reason} message` } } }],
});
const ready = [{ type: 'Ready', status: 'True' }];

runAssessorContract(podAssessor, {
  sample: pod(),
  noStatus: 'Progressing',
  cases: [
    { name: 'pending', obj: pod({ phase: 'Pending' }), want: 'Progressing' },
    { name: 'running and ready', obj: pod({ phase: 'Running', conditions: ready }), want: 'Healthy' },
    { name: 'running, not ready', obj: pod({ phase: 'Running' }), want: 'Progressing' },
    {
      name: 'running, not ready after a crash',
      obj: pod({
        phase: 'Running',
        containerStatuses: [{ name: 'c', lastState: { terminated: { exitCode: 1 } } }],
      }),
      want: 'Degraded',
    },
    {
      name: 'CrashLoopBackOff',
      obj: pod(waiting('CrashLoopBackOff')),
      want: 'Degraded',
      message: 'CrashLoopBackOff message',
    },
    { name: 'ImagePullBackOff', obj: pod(waiting('ImagePullBackOff')), want: 'Degraded' },
    { name: 'ErrImagePull', obj: pod(waiting('ErrImagePull')), want: 'Degraded' },
    { name: 'ContainerCreating is fine', obj: pod(waiting('ContainerCreating')), want: 'Progressing' },
    {
      name: 'hook pod (Never) backing off is judged by its phase',
      obj: pod(waiting('CrashLoopBackOff'), 'Never'),
      want: 'Progressing',
    },
    {
      name: 'hook pod running',
      obj: pod({ phase: 'Running', conditions: ready }, 'OnFailure'),
      want: 'Progressing',
    },
    { name: 'succeeded', obj: pod({ phase: 'Succeeded' }, 'Never'), want: 'Healthy' },
    {
      name: 'failed',
      obj: pod(
        {
          phase: 'Failed',
          containerStatuses: [{ state: { terminated: { reason: 'Error', message: 'boom' } } }],
        },
        'Never',
      ),
      want: 'Degraded',
      message: 'boom',
    },
    { name: 'unknown phase', obj: pod({ phase: 'Unknown' }), want: 'Unknown' },
  ],
});
