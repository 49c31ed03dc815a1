// Pure helpers that build Application.status pieces: conditions, history, operation state.
import type {
  Application,
  ApplicationCondition,
  ApplicationSource,
  ConditionType,
  OperationState,
  RevisionHistory,
} from '../model/index.js';
import { deepEqualJson } from '../model/index.js';

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

/** reconciledAt alone is rewritten at most this often per app. */
const STATUS_HEARTBEAT_MS = 10 * 60_000;
/** …and all the apps a controller polls together cause about this many such writes a second at most. */
const HEARTBEATS_PER_SECOND = 2;

/**
 * How long reconciledAt alone may go unwritten: a steady-state refresh that changed nothing makes no
 * API call, yet the timestamp still shows the app is being looked at. The spacing grows with the apps
 * polled, so the heartbeat of a large fleet (10,000 apps: one write every 83 min each, two a second in
 * all) never takes the API server's capacity from syncs; below 1,200 apps it is ten minutes.
 */
export function statusHeartbeatMs(pollIntervalMs: number, appsPolled: number): number {
  return Math.max(
    pollIntervalMs,
    STATUS_HEARTBEAT_MS,
    Math.ceil((appsPolled * 1_000) / HEARTBEATS_PER_SECOND),
  );
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

export interface AutoSyncDecision {
  sync: boolean;
  reason: string;
  /** Shown on the app while auto-sync holds back (Argo CD's SyncError "Failed sync attempt to …"). */
  condition?: ApplicationCondition;
}

/** Whether automated sync should start an operation now, as Argo CD decides it. */
export function shouldAutoSync(
  app: Application,
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown',
  revision: string,
): AutoSyncDecision {
  const auto = app.spec.syncPolicy?.automated;
  if (!auto || auto.enabled === false) return { sync: false, reason: 'automated sync is off' };
  if (app.operation) return { sync: false, reason: 'an operation is already requested' };
  if (syncStatus !== 'OutOfSync') return { sync: false, reason: 'in sync' };
  // As Argo CD: a sync of this revision with these sources was already attempted (by anyone) → never
  // repeat a failure, and re-apply a success only when selfHeal is on. Changing the app's sources
  // (parameters, path, values) makes it a new attempt.
  const last: OperationState | undefined = app.status?.operationState;
  const lastRevision = last?.syncResult?.revision ?? last?.operation.sync?.revision;
  const attempted =
    last !== undefined && lastRevision === revision && last.phase !== 'Running' && sameSources(app, last);
  if (attempted && (last.phase === 'Failed' || last.phase === 'Error')) {
    const message = `Failed sync attempt to ${revision}: ${last.message ?? last.phase}`;
    return {
      sync: false,
      reason: `the last sync to ${revision.slice(0, 7)} failed; fix it or sync manually`,
      condition: { type: 'SyncError', message },
    };
  }
  if (attempted && !auto.selfHeal) {
    return { sync: false, reason: `already synced to ${revision.slice(0, 7)}; selfHeal is off` };
  }
  return { sync: true, reason: attempted ? 'self-heal' : `new revision ${revision.slice(0, 7)}` };
}

/** Whether the app's sources are those the last sync used, targetRevision aside (the SHA was compared). */
function sameSources(app: Application, last: OperationState): boolean {
  const result = last.syncResult;
  const synced = result?.sources ?? (result?.source ? [result.source] : undefined);
  // A state written before sources were recorded: assume the same, as a restart must not re-sync.
  if (!synced) return true;
  const spec = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  const strip = (list: readonly ApplicationSource[]) => list.map(({ targetRevision: _r, ...rest }) => rest);
  return deepEqualJson(strip(spec), strip(synced));
}
