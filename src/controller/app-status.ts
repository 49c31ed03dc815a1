// Pure helpers that build Application.status pieces: conditions, history, operation state.
import type {
  Application,
  ApplicationCondition,
  ApplicationSource,
  ConditionType,
  OperationState,
  RevisionHistory,
} from '../model/index.js';

/** Conditions this controller owns (set or cleared on every reconcile). */
export const OWNED_CONDITIONS: readonly ConditionType[] = [
  'ComparisonError',
  'InvalidSpecError',
  'SharedResourceWarning',
  'OrphanedResourceWarning',
  'ServerSideDiffWarning',
  'GuardrailViolation',
  'SyncError',
];

/** New conditions, keeping the transition time of those already present with the same type and message. */
export function mergeConditions(
  previous: readonly ApplicationCondition[] | undefined,
  next: readonly ApplicationCondition[],
  now: string,
): ApplicationCondition[] {
  const kept = (previous ?? []).filter((c) => !OWNED_CONDITIONS.includes(c.type));
  const merged = next.map((c) => {
    const same = previous?.find((p) => p.type === c.type && p.message === c.message);
    return { type: c.type, message: c.message, lastTransitionTime: same?.lastTransitionTime ?? now };
  });
  return [...kept, ...merged];
}

export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** Appends a deployment to the history, ids increasing, trimmed to the app's revisionHistoryLimit. */
export function appendHistory(
  app: Application,
  entry: {
    revision: string;
    source?: ApplicationSource | undefined;
    revisions?: string[] | undefined;
    sources?: ApplicationSource[] | undefined;
    deployedAt: string;
    deployStartedAt: string;
    initiatedBy?: { username?: string; automated?: boolean } | undefined;
  },
): RevisionHistory[] {
  const history = [...(app.status?.history ?? [])];
  const id = history.reduce((max, h) => Math.max(max, h.id), -1) + 1;
  const item: RevisionHistory = {
    id,
    revision: entry.revision,
    deployedAt: entry.deployedAt,
    deployStartedAt: entry.deployStartedAt,
  };
  if (entry.source) item.source = entry.source;
  if (entry.revisions) item.revisions = entry.revisions;
  if (entry.sources) item.sources = entry.sources;
  if (entry.initiatedBy) item.initiatedBy = entry.initiatedBy;
  history.push(item);
  const limit = app.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  return history.slice(Math.max(0, history.length - Math.max(1, limit)));
}

/** Whether automated sync should start an operation now, as Argo CD decides it. */
export function shouldAutoSync(
  app: Application,
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown',
  revision: string,
): { sync: boolean; reason: string } {
  const auto = app.spec.syncPolicy?.automated;
  if (!auto || auto.enabled === false) return { sync: false, reason: 'automated sync is off' };
  if (app.operation) return { sync: false, reason: 'an operation is already requested' };
  if (syncStatus !== 'OutOfSync') return { sync: false, reason: 'in sync' };
  // As Argo CD: a sync of this revision was already attempted (by anyone) → never repeat a failure,
  // and re-apply a success only when selfHeal is on.
  const last: OperationState | undefined = app.status?.operationState;
  const lastRevision = last?.syncResult?.revision ?? last?.operation.sync?.revision;
  const attempted = last !== undefined && lastRevision === revision && last.phase !== 'Running';
  if (attempted && (last.phase === 'Failed' || last.phase === 'Error')) {
    return {
      sync: false,
      reason: `the last sync to ${revision.slice(0, 7)} failed; fix it or sync manually`,
    };
  }
  if (attempted && !auto.selfHeal) {
    return { sync: false, reason: `already synced to ${revision.slice(0, 7)}; selfHeal is off` };
  }
  return { sync: true, reason: attempted ? 'self-heal' : `new revision ${revision.slice(0, 7)}` };
}
