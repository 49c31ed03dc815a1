// Shared status conventions (kstatus): stale generations, the condition vocabulary and common phase words.
import type { HealthStatusCode, KubeObject } from '../../model/index.js';
import { isPlainObject } from '../../model/index.js';
import { conditions, MalformedField, status, type Condition } from '../read-fields.js';
import type { HealthStatus } from '../types.js';

type Obj = Record<string, unknown>;

/** `reason: message` of a condition, without empty parts. */
export function describe(c: Pick<Condition, 'reason' | 'message'>): string {
  return [c.reason, c.message].filter((s) => s !== '').join(': ');
}

/** The condition of a type, from conditions read once. */
export function cond(list: readonly Condition[], type: string): Condition | undefined {
  return list.find((c) => c.type === type);
}

/** A status code with the condition's words as the message. */
export function fromCondition(code: HealthStatusCode, c: Condition): HealthStatus {
  return status(code, describe(c) || `${c.type} is ${c.status}`);
}

/**
 * Progressing while the controller has not yet looked at the latest spec: `status.observedGeneration`
 * below `metadata.generation`. Some controllers (Argo Rollouts) write the generation as a string.
 */
export function staleGeneration(o: KubeObject, st: Obj): HealthStatus | undefined {
  const generation = isPlainObject(o.metadata) ? o.metadata['generation'] : undefined;
  const observed = st['observedGeneration'];
  if (typeof generation !== 'number' || observed === undefined || observed === null) return undefined;
  const seen = typeof observed === 'string' && /^\d+$/.test(observed) ? Number(observed) : observed;
  if (typeof seen !== 'number') throw new MalformedField('observedGeneration is not a number');
  return seen < generation
    ? status('Progressing', `Waiting for the controller to observe generation ${generation} (seen ${seen})`)
    : undefined;
}

/** Reasons that say "not ready yet, still working" rather than "failed". */
const WORKING_REASON =
  /^(progressing|reconciling|inprogress|pending|creating|updating|initializing|provisioning|waiting|starting|scaling|deleting|upgrading|installing|deploying|rollingout|newreplicasetcreated|foundnewreplicaset|replicasetupdated|dependencynotready|artifactfailed_retrying|notreconciled|unknown)/i;

export function isWorkingReason(reason: string): boolean {
  return WORKING_REASON.test(reason.replace(/[\s_-]/g, ''));
}

export interface ConditionRules {
  /** What `Ready` (or `Available`) False means when its reason does not say it is still working. */
  notReady: 'Degraded' | 'Progressing';
}

/**
 * Health from the standard conditions, or undefined when none of them is present. In order: Stalled or
 * Degraded True is Degraded; Reconciling/Progressing True is Progressing; a condition computed for an
 * older generation is Progressing; Ready (else Available) True is Healthy, Unknown is Progressing, False
 * is Progressing for a working reason and `rules.notReady` otherwise; Progressing False with
 * ProgressDeadlineExceeded and Synced False (Crossplane) are Degraded.
 */
export function conditionsHealth(
  o: KubeObject,
  st: Obj,
  rules: ConditionRules = { notReady: 'Degraded' },
): HealthStatus | undefined {
  const list = conditions(st);
  const generation = isPlainObject(o.metadata) ? o.metadata['generation'] : undefined;
  const stalled = cond(list, 'Stalled');
  if (stalled?.status === 'True') return fromCondition('Degraded', stalled);
  const degraded = cond(list, 'Degraded');
  if (degraded?.status === 'True') return fromCondition('Degraded', degraded);
  const synced = cond(list, 'Synced');
  if (synced?.status === 'False') return fromCondition('Degraded', synced);
  const progressing = cond(list, 'Progressing');
  if (progressing?.status === 'False' && /deadline/i.test(progressing.reason))
    return fromCondition('Degraded', progressing);
  const reconciling = cond(list, 'Reconciling');
  if (reconciling?.status === 'True') return fromCondition('Progressing', reconciling);
  const ready = cond(list, 'Ready') ?? cond(list, 'Available');
  if (ready && typeof generation === 'number' && (ready.observedGeneration ?? generation) < generation)
    return status('Progressing', `Waiting for ${ready.type} to reflect generation ${generation}`);
  if (ready?.status === 'True') return fromCondition('Healthy', ready);
  if (progressing?.status === 'True') return fromCondition('Progressing', progressing);
  if (ready?.status === 'False')
    return fromCondition(isWorkingReason(ready.reason) ? 'Progressing' : rules.notReady, ready);
  if (ready) return fromCondition('Progressing', ready);
  if (synced?.status === 'True' || stalled || degraded || reconciling || progressing)
    return status('Healthy', synced ? describe(synced) : undefined);
  return undefined;
}

const PHASES: Readonly<Record<string, HealthStatusCode>> = {};
const words = (code: HealthStatusCode, list: string): void => {
  for (const w of list.split(' ')) (PHASES as Record<string, HealthStatusCode>)[w] = code;
};
words(
  'Healthy',
  'running ready active succeeded success successful completed complete bound available healthy established deployed synced done provisioned enabled online',
);
words(
  'Progressing',
  'pending provisioning creating created updating deleting initializing initialized inprogress progressing reconciling waiting starting scaling terminating upgrading new installing queued',
);
words(
  'Degraded',
  'failed failure error errored degraded unhealthy crashloopbackoff rejected invalid unavailable failedvalidation partiallyfailed lost',
);
words('Suspended', 'suspended paused stopped disabled hibernated');

/** A `status.phase` word (case, spaces, dashes and underscores ignored) as a health code, if common. */
export function phaseCode(phase: string): HealthStatusCode | undefined {
  return PHASES[phase.toLowerCase().replace(/[\s_-]/g, '')];
}
