// Kyverno: policies by their Ready condition (or the older status.ready flag); UpdateRequest by its state.
import type { HealthStatusCode } from '../../model/index.js';
import { cond, fromCondition } from '../conventions/conventions.js';
import { bool, conditions, defineAssessor, parts, status, str } from '../read-fields.js';

/**
 * ClusterPolicy/Policy (kyverno.io) and the CEL policy kinds (policies.kyverno.io): Ready True once the
 * policy is compiled and its webhooks configured; False (a rule cannot load) is Degraded. Kyverno 1.9 and
 * older report only `status.ready`.
 */
export const kyvernoPolicyAssessor = defineAssessor(
  [
    { group: 'kyverno.io', kind: 'ClusterPolicy' },
    { group: 'kyverno.io', kind: 'Policy' },
    ...[
      'ValidatingPolicy',
      'ImageValidatingPolicy',
      'MutatingPolicy',
      'GeneratingPolicy',
      'DeletingPolicy',
    ].map((kind) => ({ group: 'policies.kyverno.io', kind })),
  ],
  (o) => {
    const st = parts(o).status;
    const ready = cond(conditions(st), 'Ready') ?? cond(conditions(st), 'WebhookConfigured');
    if (ready?.status === 'True') return fromCondition('Healthy', ready);
    if (ready?.status === 'False') return fromCondition('Degraded', ready);
    const flag = bool(st, 'ready');
    if (flag === true) return status('Healthy', 'Policy is ready');
    if (flag === false) return status('Degraded', 'Policy is not ready');
    return status('Progressing', 'Waiting for Kyverno to load the policy');
  },
);

/** UpdateRequest (generate/mutate-existing work): Pending Progressing, Completed/Skipped Healthy, Failed Degraded. */
export const kyvernoUpdateRequestAssessor = defineAssessor(
  [{ group: 'kyverno.io', kind: 'UpdateRequest' }],
  (o) => {
    const st = parts(o).status;
    conditions(st); // a status it cannot read is Unknown
    const state = str(st, 'state');
    const message = str(st, 'message');
    const code: Record<string, HealthStatusCode> = {
      Pending: 'Progressing',
      Completed: 'Healthy',
      Skip: 'Healthy',
      Failed: 'Degraded',
    };
    if (state === undefined) return status('Progressing', 'Waiting for the background controller');
    return status(code[state] ?? 'Unknown', message ? `${state}: ${message}` : state);
  },
);
