// ApplicationSet status: the conditions Argo CD sets and the list of generated Applications (pure).
import { isDeepStrictEqual } from 'node:util';
import type {
  Application,
  ApplicationSetCondition,
  ApplicationSetResource,
  ApplicationSetStatus,
} from '../model/index.js';

export type Outcome = { ok: true } | { ok: false; reason: string; message: string };

/** ErrorOccurred, ParametersGenerated and ResourcesUpToDate for one reconcile's outcome. */
export function conditionsFor(outcome: Outcome, generated: boolean): ApplicationSetCondition[] {
  if (outcome.ok)
    return [
      {
        type: 'ErrorOccurred',
        status: 'False',
        reason: 'ApplicationSetUpToDate',
        message: 'All applications have been generated successfully',
      },
      {
        type: 'ParametersGenerated',
        status: 'True',
        reason: 'ParametersGenerated',
        message: 'Successfully generated parameters for all Applications',
      },
      {
        type: 'ResourcesUpToDate',
        status: 'True',
        reason: 'ApplicationSetUpToDate',
        message: 'All applications have been generated successfully',
      },
    ];
  return [
    { type: 'ErrorOccurred', status: 'True', reason: outcome.reason, message: outcome.message },
    generated
      ? {
          type: 'ParametersGenerated',
          status: 'True',
          reason: 'ParametersGenerated',
          message: 'Successfully generated parameters for all Applications',
        }
      : { type: 'ParametersGenerated', status: 'False', reason: 'ErrorOccurred', message: outcome.message },
    { type: 'ResourcesUpToDate', status: 'False', reason: outcome.reason, message: outcome.message },
  ];
}

/** Keeps each condition's lastTransitionTime while its status does not change. */
export function withTransitions(
  next: ApplicationSetCondition[],
  prev: readonly ApplicationSetCondition[] | undefined,
  now: string,
): ApplicationSetCondition[] {
  return next.map((c) => {
    const old = prev?.find((p) => p.type === c.type);
    return {
      ...c,
      lastTransitionTime:
        old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now,
    };
  });
}

/** status.resources: every generated Application with its sync and health status. */
export function resourcesOf(apps: readonly Application[]): ApplicationSetResource[] {
  return [...apps]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((a) => ({
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Application',
      name: a.metadata.name,
      namespace: a.metadata.namespace ?? '',
      ...(a.status?.sync?.status ? { status: a.status.sync.status } : {}),
      ...(a.status?.health?.status
        ? {
            health: {
              status: a.status.health.status,
              ...(a.status.health.message ? { message: a.status.health.message } : {}),
            },
          }
        : {}),
    }));
}

export function statusChanged(a: ApplicationSetStatus | undefined, b: ApplicationSetStatus): boolean {
  return !isDeepStrictEqual(a ?? {}, b);
}
