// Pod health: crash-looping or unpullable containers, phases, and restartPolicy (hooks run to completion).
import { conditions, defineAssessor, list, obj, parts, status, str } from '../read-fields.js';

/** Waiting reasons that mean the container will not start by itself (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, …). */
function isFailingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

export const podAssessor = defineAssessor([{ group: '', kind: 'Pod' }], (o) => {
  const { spec, status: st } = parts(o);
  const restartPolicy = str(spec, 'restartPolicy') ?? 'Always';
  const containers = [...list(st, 'initContainerStatuses'), ...list(st, 'containerStatuses')];
  // Only for Always: pods of hooks (Never/OnFailure) are judged by how they end.
  if (restartPolicy === 'Always') {
    const failing: string[] = [];
    for (const c of containers) {
      const waiting = obj(obj(c, 'state'), 'waiting');
      const reason = str(waiting, 'reason') ?? '';
      if (isFailingReason(reason)) failing.push(str(waiting, 'message') ?? reason);
    }
    if (failing.length > 0) return status('Degraded', failing.join(', '));
  }
  const message = str(st, 'message');
  switch (str(st, 'phase') ?? 'Pending') {
    case 'Pending':
      return status('Progressing', message);
    case 'Succeeded':
      return status('Healthy', message);
    case 'Failed':
      return status('Degraded', message ?? terminatedMessage(containers));
    case 'Running': {
      if (restartPolicy !== 'Always') return status('Progressing', message);
      if (conditions(st).some((c) => c.type === 'Ready' && c.status === 'True'))
        return status('Healthy', message);
      if (containers.some((c) => Object.keys(obj(obj(c, 'lastState'), 'terminated')).length > 0))
        return status('Degraded', message);
      return status('Progressing', message);
    }
    default:
      return status('Unknown', message);
  }
});

function terminatedMessage(containers: Record<string, unknown>[]): string | undefined {
  for (const c of containers) {
    const t = obj(obj(c, 'state'), 'terminated');
    const msg = str(t, 'message') ?? str(t, 'reason');
    if (msg) return msg;
  }
  return undefined;
}
