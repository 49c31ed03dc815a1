import { runAssessorContract } from '../contract.case.js';
import { kube } from '../make-object.case.js';
import { clusterApiAssessor, controlPlaneAssessor, machineHealthCheckAssessor } from './cluster-api.js';

const c = (type: string, status: string, reason = '', message = `${type} ${status}`) => ({
  type,
  status,
  reason,
  message,
});
const capi = (
  kind: string,
  status?: Record<string, unknown>,
  spec: Record<string, unknown> = {},
  group = 'cluster.x-k8s.io',
) => kube(`${group}/v1beta1`, kind, { spec, metadata: { generation: 1 }, ...(status ? { status } : {}) });

runAssessorContract(clusterApiAssessor, {
  sample: capi('Cluster'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'provisioned and ready',
      obj: capi('Cluster', { phase: 'Provisioned', conditions: [c('Ready', 'True')] }),
      want: 'Healthy',
    },
    {
      name: 'provisioning',
      obj: capi('Cluster', {
        phase: 'Provisioning',
        conditions: [c('Ready', 'False', 'WaitingForInfrastructure')],
      }),
      want: 'Progressing',
    },
    {
      name: 'provisioned, not ready',
      obj: capi('Cluster', {
        phase: 'Provisioned',
        conditions: [c('Ready', 'False', 'ControlPlaneUnhealthy')],
      }),
      want: 'Degraded',
    },
    {
      name: 'failure message',
      obj: capi('Machine', { phase: 'Running', failureMessage: 'instance terminated' }),
      want: 'Degraded',
      message: 'instance terminated',
    },
    { name: 'failed phase', obj: capi('Machine', { phase: 'Failed' }), want: 'Degraded' },
    { name: 'paused', obj: capi('Cluster', { phase: 'Provisioned' }, { paused: true }), want: 'Suspended' },
    { name: 'machine running, no conditions', obj: capi('Machine', { phase: 'Running' }), want: 'Healthy' },
    { name: 'scaling up', obj: capi('MachineDeployment', { phase: 'ScalingUp' }), want: 'Progressing' },
    {
      name: 'v1beta2 Available',
      obj: capi('Cluster', { phase: 'Provisioned', conditions: [c('Available', 'True')] }),
      want: 'Healthy',
    },
    {
      name: 'generation not observed',
      obj: capi('Cluster', { observedGeneration: 0, phase: 'Provisioned' }),
      want: 'Progressing',
    },
  ],
});

runAssessorContract(machineHealthCheckAssessor, {
  sample: capi('MachineHealthCheck'),
  noStatus: 'Healthy',
  cases: [
    {
      name: 'remediation blocked',
      obj: capi('MachineHealthCheck', { conditions: [c('RemediationAllowed', 'False', 'TooManyUnhealthy')] }),
      want: 'Degraded',
    },
    {
      name: 'ok',
      obj: capi('MachineHealthCheck', { conditions: [c('RemediationAllowed', 'True')] }),
      want: 'Healthy',
    },
  ],
});

runAssessorContract(controlPlaneAssessor, {
  sample: capi('KubeadmControlPlane', undefined, {}, 'controlplane.cluster.x-k8s.io'),
  noStatus: 'Progressing',
  cases: [
    {
      name: 'ready',
      obj: capi(
        'KubeadmControlPlane',
        { conditions: [c('Ready', 'True')] },
        {},
        'controlplane.cluster.x-k8s.io',
      ),
      want: 'Healthy',
    },
    {
      name: 'not ready',
      obj: capi(
        'KubeadmControlPlane',
        { conditions: [c('Ready', 'False', 'ScalingUp')] },
        {},
        'controlplane.cluster.x-k8s.io',
      ),
      want: 'Progressing',
    },
  ],
});
