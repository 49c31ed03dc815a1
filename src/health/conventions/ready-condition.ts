// An assessor for kinds whose controller reports one readiness condition (Ready, Synced, Available...).
import type { KubeObject } from '../../model/index.js';
import { conditions, defineAssessor, parts, status } from '../read-fields.js';
import type { GroupKind, HealthAssessor, HealthStatus } from '../types.js';
import { cond, fromCondition, isWorkingReason, staleGeneration } from './conventions.js';

export interface ReadyConditionOptions {
  /** The condition that says ready; default `Ready`. */
  type?: string;
  /** Message while the controller has not reported the condition yet. */
  waiting: string;
  /** A reason the object is suspended (spec.suspend, a pause annotation), checked first. */
  suspended?: (o: KubeObject, spec: Record<string, unknown>) => string | undefined;
  /** Reasons of a False condition that mean "still working" (default: the common progress words). */
  working?: (reason: string) => boolean;
}

/**
 * Suspended if `suspended` says so; Progressing while the generation is unobserved or the condition is
 * missing or Unknown; Healthy when True; Degraded when False, unless its reason says it is still working.
 */
export function readyConditionAssessor(
  kinds: readonly GroupKind[],
  opts: ReadyConditionOptions,
): HealthAssessor {
  return defineAssessor(kinds, (o) => readyConditionHealth(o, opts));
}

export function readyConditionHealth(o: KubeObject, opts: ReadyConditionOptions): HealthStatus {
  const { spec, status: st } = parts(o);
  const list = conditions(st);
  const why = opts.suspended?.(o, spec);
  if (why) return status('Suspended', why);
  const stale = staleGeneration(o, st);
  if (stale) return stale;
  const ready = cond(list, opts.type ?? 'Ready');
  if (!ready) return status('Progressing', opts.waiting);
  if (ready.status === 'True') return fromCondition('Healthy', ready);
  if (ready.status === 'False' && !(opts.working ?? isWorkingReason)(ready.reason))
    return fromCondition('Degraded', ready);
  return fromCondition('Progressing', ready);
}

/** `spec.suspend: true`, as Flux, Argo Workflows and CronJob-like kinds spell it. */
export function specSuspend(_o: KubeObject, spec: Record<string, unknown>): string | undefined {
  return spec['suspend'] === true ? 'Suspended (spec.suspend is true)' : undefined;
}
