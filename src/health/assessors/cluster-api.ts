// Cluster API: Cluster, Machine and MachineDeployment by phase, failure fields and Ready/Available; control planes by Ready.
import type { HealthStatusCode, KubeObject } from '../../model/index.js';
import { cond, fromCondition, staleGeneration } from '../conventions/conventions.js';
import { conditions, defineAssessor, parts, status, str } from '../read-fields.js';

const GROUP = 'cluster.x-k8s.io';

const PHASES: Readonly<Record<string, HealthStatusCode>> = {
  Pending: 'Progressing',
  Provisioning: 'Progressing',
  Provisioned: 'Healthy',
  Running: 'Healthy',
  ScalingUp: 'Progressing',
  ScalingDown: 'Progressing',
  Deleting: 'Progressing',
  Failed: 'Degraded',
  Unknown: 'Unknown',
};

/**
 * `spec.paused` is Suspended; a `failureReason`/`failureMessage` (terminal, needs a person) or phase Failed is
 * Degraded; an unobserved generation Progressing; then the readiness condition (v1beta2 `Available`, v1beta1
 * `Ready`): True Healthy, False Progressing while the phase is still provisioning or scaling and Degraded
 * once it is Provisioned/Running; without one, the phase.
 */
function capiHealth(o: KubeObject) {
  const { spec, status: st } = parts(o);
  const list = conditions(st);
  const phase = str(st, 'phase');
  const failure = str(st, 'failureMessage') ?? str(st, 'failureReason');
  if (spec['paused'] === true) return status('Suspended', 'Reconciliation is paused (spec.paused)');
  if (failure) return status('Degraded', failure);
  if (phase === 'Failed') return status('Degraded', 'Failed');
  const stale = staleGeneration(o, st);
  if (stale) return stale;
  const ready = cond(list, 'Available') ?? cond(list, 'Ready');
  const byPhase = phase === undefined ? undefined : PHASES[phase];
  if (ready?.status === 'True') return fromCondition('Healthy', ready);
  if (ready?.status === 'False')
    return fromCondition(byPhase === 'Healthy' ? 'Degraded' : 'Progressing', ready);
  if (byPhase) return status(byPhase, phase);
  return status('Progressing', 'Waiting for Cluster API controllers');
}

export const clusterApiAssessor = defineAssessor(
  ['Cluster', 'Machine', 'MachineDeployment', 'MachineSet', 'MachinePool'].map((kind) => ({
    group: GROUP,
    kind,
  })),
  capiHealth,
);

/** MachineHealthCheck: RemediationAllowed False (too many unhealthy machines to remediate) is Degraded. */
export const machineHealthCheckAssessor = defineAssessor(
  [{ group: GROUP, kind: 'MachineHealthCheck' }],
  (o) => {
    const allowed = cond(conditions(parts(o).status), 'RemediationAllowed');
    if (allowed?.status === 'False') return fromCondition('Degraded', allowed);
    return status('Healthy');
  },
);

/** Control planes (KubeadmControlPlane and providers' own): the same rules as clusters. */
export const controlPlaneAssessor = defineAssessor(
  [{ group: 'controlplane.cluster.x-k8s.io', kind: 'KubeadmControlPlane' }],
  capiHealth,
);
