import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { prometheusConfigAssessor, prometheusServerAssessor } from './prometheus-operator.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const p = (kind: string, status?: Record<string, unknown>) =>
  kube('monitoring.coreos.com/v1', kind, {
    spec: {},
    metadata: { generation: 1 },
    ...(status ? { status } : {}),
  });

runAssessorContract(prometheusServerAssessor, {
  sample: p('Prometheus'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'available',
      obj: p('Prometheus', { conditions: [c('Available', 'True'), c('Reconciled', 'True')] }),
      want: 'Healthy',
    },
    {
      name: 'some pods not ready',
      obj: p('Alertmanager', { conditions: [c('Available', 'Degraded', 'SomePodsNotReady')] }),
      want: 'Degraded',
      message: 'SomePodsNotReady',
    },
    {
      name: 'starting',
      obj: p('Prometheus', { conditions: [c('Available', 'False', 'NoPodReady')] }),
      want: 'Progressing',
    },
    {
      name: 'bad config',
      obj: p('Prometheus', {
        conditions: [
          c('Available', 'True'),
          c('Reconciled', 'False', 'ReconciliationFailed', 'secret key not found'),
        ],
      }),
      want: 'Degraded',
      message: 'secret key not found',
    },
    {
      name: 'generation not observed',
      obj: p('ThanosRuler', { observedGeneration: 0, conditions: [c('Available', 'True')] }),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(prometheusConfigAssessor, {
  sample: p('ServiceMonitor'),
  noStatus: 'Healthy',
  cases: [
    {
      name: 'accepted',
      obj: p('ServiceMonitor', {
        bindings: [{ resource: 'prometheuses', name: 'k8s', conditions: [c('Accepted', 'True')] }],
      }),
      want: 'Healthy',
    },
    {
      name: 'rejected',
      obj: p('PrometheusRule', {
        bindings: [
          {
            resource: 'prometheuses',
            name: 'k8s',
            conditions: [c('Accepted', 'False', 'InvalidConfiguration', 'bad expr')],
          },
        ],
      }),
      want: 'Degraded',
      message: 'prometheuses k8s: InvalidConfiguration: bad expr',
    },
  ],
});
