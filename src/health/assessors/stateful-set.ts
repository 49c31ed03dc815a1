// StatefulSet health: observed generation, ready replicas, RollingUpdate partitions, OnDelete, revisions.
import { defineAssessor, num, obj, parts, status, str } from '../read-fields.js';

export const statefulSetAssessor = defineAssessor([{ group: 'apps', kind: 'StatefulSet' }], (o) => {
  const { spec, status: st, generation } = parts(o);
  const observed = num(st, 'observedGeneration') ?? 0;
  if (observed === 0 || generation > observed)
    return status('Progressing', 'Waiting for statefulset spec update to be observed...');
  const want = num(spec, 'replicas');
  const ready = num(st, 'readyReplicas') ?? 0;
  if (want !== undefined && ready < want)
    return status('Progressing', `Waiting for ${want - ready} pods to be ready...`);
  const strategy = obj(spec, 'updateStrategy');
  const type = str(strategy, 'type') ?? 'RollingUpdate';
  const updated = num(st, 'updatedReplicas') ?? 0;
  if (type === 'RollingUpdate') {
    const partition = num(obj(strategy, 'rollingUpdate'), 'partition');
    if (partition !== undefined && want !== undefined) {
      const expected = Math.max(0, want - partition);
      if (updated < expected)
        return status(
          'Progressing',
          `Waiting for partitioned roll out to finish: ${updated} out of ${expected} new pods have been updated...`,
        );
      return status('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
    }
  }
  if (type === 'OnDelete') return status('Healthy', `statefulset has ${ready} ready pods`);
  const current = str(st, 'currentRevision');
  const update = str(st, 'updateRevision');
  if (update !== undefined && current !== update)
    return status(
      'Progressing',
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${update}...`,
    );
  return status(
    'Healthy',
    `statefulset rolling update complete ${num(st, 'currentReplicas') ?? ready} pods at revision ${current ?? ''}...`,
  );
});
