// Progressive syncs (strategy RollingSync): apps in steps by label expressions, a step syncs only after the
// steps before it are Healthy, at most maxUpdate apps of a step at once (pure decisions).
import {
  DEFAULT_AUTOMATED_RETRY,
  matchesSelector,
  type Application,
  type ApplicationSet,
  type ApplicationSetApplicationStatus,
  type RollingSyncStep,
} from '../model/index.js';

type AppStatus = ApplicationSetApplicationStatus['status'];

export function isRollingSync(appSet: ApplicationSet): boolean {
  return appSet.spec.strategy?.type === 'RollingSync';
}

/** Under RollingSync the controller, not auto-sync, decides when an app syncs (as Argo CD forces). */
export function withoutAutoSync(appSet: ApplicationSet, apps: Application[]): Application[] {
  if (!isRollingSync(appSet)) return apps;
  return apps.map((a) => {
    if (!a.spec.syncPolicy?.automated) return a;
    const { automated: _automated, ...syncPolicy } = a.spec.syncPolicy;
    return { ...a, spec: { ...a.spec, syncPolicy } };
  });
}

function stepOf(app: Application, steps: readonly RollingSyncStep[]): number {
  return steps.findIndex((s) =>
    matchesSelector({ matchExpressions: s.matchExpressions ?? [] }, app.metadata.labels ?? {}),
  );
}

/** maxUpdate as a count for a step of `size` apps: a number, or a percentage rounded down (at least 1). */
export function maxUpdateOf(step: RollingSyncStep, size: number): number {
  const m = step.maxUpdate;
  if (m === undefined) return size;
  const n =
    typeof m === 'string' && m.endsWith('%') ? Math.floor((Number(m.slice(0, -1)) / 100) * size) : Number(m);
  return Number.isFinite(n) ? Math.max(1, n) : size;
}

function isDone(app: Application): boolean {
  return app.status?.sync?.status === 'Synced' && app.status?.health?.status === 'Healthy' && !app.operation;
}

function isSyncing(app: Application): boolean {
  return app.operation !== undefined || app.status?.operationState?.phase === 'Running';
}

export interface RolloutDecision {
  applicationStatus: ApplicationSetApplicationStatus[];
  /** Apps to sync now. */
  sync: string[];
}

/** The next move of a rollout, from the apps as they are and the statuses recorded last time. */
export function planRollout(
  appSet: ApplicationSet,
  apps: readonly Application[],
  now: string,
): RolloutDecision {
  const steps = appSet.spec.strategy?.rollingSync?.steps ?? [];
  const prev = new Map((appSet.status?.applicationStatus ?? []).map((s) => [s.application, s]));
  const rows = [...apps]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((app) => {
      const before = prev.get(app.metadata.name)?.status;
      let status: AppStatus;
      if (isDone(app)) status = 'Healthy';
      else if ((before === 'Pending' || before === 'Progressing') && isSyncing(app)) status = 'Progressing';
      else if (before === 'Pending' || before === 'Progressing')
        status = app.status?.sync?.status === 'Synced' ? 'Progressing' : before;
      else status = 'Waiting';
      return { app, step: stepOf(app, steps), status };
    });
  const current = steps.findIndex((_, i) => rows.some((r) => r.step === i && r.status !== 'Healthy'));
  const sync: string[] = [];
  if (current >= 0) {
    const inStep = rows.filter((r) => r.step === current);
    let capacity =
      maxUpdateOf(steps[current] ?? {}, inStep.length) -
      inStep.filter((r) => r.status === 'Pending' || r.status === 'Progressing').length;
    for (const r of inStep) {
      if (capacity <= 0) break;
      if (r.status === 'Waiting' && r.app.status?.sync?.status === 'OutOfSync') {
        r.status = 'Pending';
        sync.push(r.app.metadata.name);
        capacity--;
      }
    }
  }
  const messages: Record<AppStatus, string> = {
    Waiting: 'Application is waiting for its step',
    Pending:
      'Application moved to Pending status, watching for the Application resource to start Progressing.',
    Progressing: 'Application resource became Progressing, updating status from Pending to Progressing.',
    Healthy: 'Application resource is already Healthy, updating status from Waiting to Healthy.',
  };
  const applicationStatus = rows.map(({ app, step, status }) => {
    const old = prev.get(app.metadata.name);
    return {
      application: app.metadata.name,
      status,
      step: String(step + 1),
      message: old?.status === status ? old.message : messages[status],
      lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    };
  });
  return { applicationStatus, sync };
}

/** The operation that starts a sync of an app, as the rollout asks for it. */
export function rolloutOperation(app: Application): Record<string, unknown> {
  return {
    initiatedBy: { username: 'applicationset-controller', automated: true },
    info: [
      { name: 'Reason', value: 'ApplicationSet RollingSync triggered a sync of this Application resource.' },
    ],
    sync: { ...(app.spec.syncPolicy?.syncOptions ? { syncOptions: app.spec.syncPolicy.syncOptions } : {}) },
    retry: app.spec.syncPolicy?.retry ?? { ...DEFAULT_AUTOMATED_RETRY },
  };
}
