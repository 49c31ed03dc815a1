import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { statefulSetAssessor } from './stateful-set.js';

const s = (spec: Record<string, unknown>, status?: Record<string, unknown>) =>
  kube('apps/v1', 'StatefulSet', {
    spec: { replicas: 3, ...spec },
    metadata: { generation: 1 },
    ...(status ? { status } : {}),
  });
const ok = {
  observedGeneration: 1,
  readyReplicas: 3,
  updatedReplicas: 3,
  currentReplicas: 3,
  currentRevision: 'r1',
  updateRevision: 'r1',
};

runAssessorContract(statefulSetAssessor, {
  sample: s({}),
  noStatus: 'Progressing',
  cases: [
    { name: 'rolled out', obj: s({}, ok), want: 'Healthy', message: 'rolling update complete' },
    {
      name: 'pods not ready',
      obj: s({}, { ...ok, readyReplicas: 1 }),
      want: 'Progressing',
      message: 'Waiting for 2 pods',
    },
    {
      name: 'revision rolling',
      obj: s({}, { ...ok, updateRevision: 'r2' }),
      want: 'Progressing',
      message: 'revision r2',
    },
    {
      name: 'partition pending',
      obj: s(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { ...ok, updatedReplicas: 1 },
      ),
      want: 'Progressing',
      message: '1 out of 2',
    },
    {
      name: 'partition done',
      obj: s(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { ...ok, updatedReplicas: 2, updateRevision: 'r2' },
      ),
      want: 'Healthy',
      message: 'partitioned roll out complete',
    },
    {
      name: 'OnDelete ignores revisions',
      obj: s({ updateStrategy: { type: 'OnDelete' } }, { ...ok, updateRevision: 'r2' }),
      want: 'Healthy',
    },
  ],
});
