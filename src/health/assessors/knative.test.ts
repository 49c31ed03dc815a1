import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { knativeAssessor } from './knative.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const kn = (apiVersion: string, kind: string, conds?: object[], observedGeneration = 1) =>
  kube(apiVersion, kind, {
    spec: {},
    metadata: { generation: 1 },
    ...(conds ? { status: { observedGeneration, conditions: conds } } : {}),
  });

runAssessorContract(knativeAssessor, {
  sample: kn('serving.knative.dev/v1', 'Service'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'ready',
      obj: kn('serving.knative.dev/v1', 'Service', [
        c('ConfigurationsReady', 'True'),
        c('Ready', 'True'),
        c('RoutesReady', 'True'),
      ]),
      want: 'Healthy',
    },
    {
      name: 'revision failed',
      obj: kn('serving.knative.dev/v1', 'Service', [
        c('Ready', 'False', 'RevisionFailed', 'Revision "hello-00001" failed'),
      ]),
      want: 'Degraded',
      message: 'RevisionFailed',
    },
    {
      name: 'reconciling',
      obj: kn('serving.knative.dev/v1', 'Route', [c('Ready', 'Unknown', 'IngressNotConfigured')]),
      want: 'Progressing',
    },
    {
      name: 'generation not observed',
      obj: kn('serving.knative.dev/v1', 'Configuration', [c('Ready', 'True')], 0),
      want: 'Progressing',
    },
    {
      name: 'trigger without a broker',
      obj: kn('eventing.knative.dev/v1', 'Trigger', [c('Ready', 'False', 'BrokerDoesNotExist')]),
      want: 'Degraded',
    },
  ],
});
