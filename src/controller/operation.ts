// Running a sync operation: plan, execute, record operationState, history, retries and events.
import { errorMessage } from '../common/errors.js';
import type { Application, Operation, OperationState, ResourceResult } from '../model/index.js';
import { planSync } from '../sync/plan.js';
import type { SyncPlan } from '../sync/plan-types.js';
import { mergeSyncOptions, parseSyncOptions } from '../sync/sync-options.js';
import { ANNOTATION_DELETION_APPROVED, keyOf, keyString, parseKeyString } from '../model/index.js';
import { executePlan } from '../sync/executor.js';
import { canRetry, retryDelay } from '../sync/retry.js';
import { respectIgnoreDifferences } from '../sync/respect-ignore.js';
import { appendHistory } from './app-status.js';
import { patchApp, writeStatus } from './app-writes.js';
import type { ControllerContext } from './context.js';
import { FINALIZER_POST_DELETE } from './finalize.js';
import { refreshApp } from './refresh.js';
import { SHUTDOWN } from './shutdown.js';

export interface OperationOutcome {
  app: Application;
  /** Ask to be reconciled again after this delay (a retry). */
  retryAfterMs?: number;
}

const PROGRESS_WRITE_INTERVAL_MS = 1_000;

/**
 * When the next attempt of a failed operation is due, by `uid/startedAt`. Any change of a tracked
 * object reconciles the app; without this the backoff would be cut short by the failed hook's own
 * status updates. Memory only: after a restart a retry simply runs at once.
 */
const retryDue = new Map<string, number>();

/** Runs app.operation to completion (or failure), keeping status.operationState current. */
export async function runOperation(
  ctx: ControllerContext,
  app: Application,
  operation: Operation,
  signal: AbortSignal,
): Promise<OperationOutcome> {
  const log = ctx.log.child({ app: app.metadata.name });
  const previous = app.status?.operationState;
  const resuming = previous?.phase === 'Running' && sameOperation(previous.operation, operation);
  const startedAt = resuming ? previous.startedAt : ctx.now().toISOString();
  const retryCount = resuming ? (previous.retryCount ?? 0) : 0;
  const sync = operation.sync ?? {};
  const dueKey = `${app.metadata.uid ?? app.metadata.name}/${startedAt}`;
  const due = retryDue.get(dueKey);
  if (due !== undefined && due > Date.now()) return { app, retryAfterMs: due - Date.now() };
  retryDue.delete(dueKey);
  const retrying = resuming && /Retrying attempt #/.test(previous.message ?? '');
  const waiting = resuming && previous.message?.startsWith(AWAITING_PRUNE) === true;
  let state: OperationState = {
    operation,
    phase: 'Running',
    message: retrying
      ? `retrying (attempt #${retryCount})`
      : waiting
        ? (previous.message ?? '')
        : resuming
          ? 'resumed after a controller restart'
          : 'starting',
    startedAt,
    retryCount,
  };
  app = await writeStatus(ctx, app, { ...app.status, operationState: state });
  if (!resuming)
    ctx.events.record(
      app,
      'Normal',
      'OperationStarted',
      `Initiated ${operation.initiatedBy?.automated ? 'automated ' : ''}sync to ${sync.revision ?? app.spec.source?.targetRevision ?? 'HEAD'}`,
    );

  const finish = async (
    phase: OperationState['phase'],
    message: string,
    resources: ResourceResult[],
    revision: string,
  ) => {
    const source = sync.source ?? app.spec.source;
    state = {
      ...state,
      phase,
      message,
      finishedAt: ctx.now().toISOString(),
      syncResult: { resources, revision, ...(source ? { source } : {}) },
    };
    let status = { ...app.status, operationState: state };
    if (phase === 'Succeeded' && !sync.dryRun) {
      status = {
        ...status,
        history: appendHistory(app, {
          revision,
          source,
          deployedAt: state.finishedAt ?? startedAt,
          deployStartedAt: startedAt,
          initiatedBy: operation.initiatedBy,
        }),
      };
    }
    const failedRetriable =
      (phase === 'Failed' || phase === 'Error') &&
      !signal.aborted &&
      canRetry(retryCount, retryLimit(app, operation));
    if (failedRetriable) {
      const delay = retryDelay(retryCount, (operation.retry ?? app.spec.syncPolicy?.retry)?.backoff ?? {});
      const ms = delay.ok ? delay.ms : 5_000;
      state = {
        ...state,
        phase: 'Running',
        message: `${message}. Retrying attempt #${retryCount + 1} in ${Math.round(ms / 1000)}s`,
        retryCount: retryCount + 1,
      };
      delete state.finishedAt;
      retryDue.set(dueKey, Date.now() + ms);
      app = await writeStatus(ctx, app, { ...app.status, operationState: state });
      log.warn('sync failed; will retry', { message, attempt: retryCount + 1, delayMs: ms });
      return { app, retryAfterMs: ms };
    }
    // As Argo CD: a failure after retries says how many there were.
    if (phase !== 'Succeeded' && retryCount > 0) {
      state = { ...state, message: `${message} (retried ${retryCount} times).` };
      status = { ...status, operationState: state };
    }
    app = await writeStatus(ctx, app, status);
    app = await patchApp(ctx, app, { operation: null });
    const ok = phase === 'Succeeded';
    ctx.events.record(
      app,
      ok ? 'Normal' : 'Warning',
      ok ? 'OperationCompleted' : 'OperationFailed',
      `Sync operation to ${revision} ${ok ? 'succeeded' : `failed: ${message}`}`,
    );
    log.info(`sync ${phase.toLowerCase()}`, { revision: revision.slice(0, 12), message });
    return { app };
  };

  // A branch, tag or HEAD is resolved afresh for an operation: "sync" means "what Git says now".
  const pinned = /^[0-9a-f]{40}$/.test(sync.revision ?? '');
  const refreshed = await refreshApp(ctx, app, {
    revision: sync.revision,
    source: sync.source,
    hard: false,
    refreshRevision: !pinned,
  });
  if (!refreshed.ok) return finish('Error', refreshed.condition.message, [], sync.revision ?? '');

  // A resource another app tracks is never taken over; with FailOnSharedResource the sync fails instead.
  const shared = refreshed.comparison.shared;
  const options = mergeSyncOptions(
    parseSyncOptions(app.spec.syncPolicy?.syncOptions, 'spec.syncPolicy.syncOptions').options,
    parseSyncOptions(sync.syncOptions, 'operation.sync.syncOptions').options,
  );
  const sharedResults: ResourceResult[] = [...shared].map(([key, owner]) => {
    const k = parseKeyString(key);
    return {
      ...k,
      version: '',
      status: 'SyncFailed',
      message: `not applied: already tracked by application ${owner}`,
    };
  });
  if (shared.size > 0 && options.failOnSharedResource) {
    return finish(
      'Failed',
      `FailOnSharedResource: ${[...shared].map(([k, o]) => `${k} is tracked by ${o}`).join('; ')}`,
      sharedResults,
      refreshed.revision,
    );
  }
  const live = refreshed.comparison.live;
  const rules = app.spec.ignoreDifferences;
  const plan = planSync({
    appName: app.metadata.name,
    destinationNamespace: refreshed.destinationNamespace,
    desired: refreshed.desired
      .filter((o) => !shared.has(keyString(keyOf(o))))
      .map((o) =>
        options.respectIgnoreDifferences
          ? respectIgnoreDifferences(o, live.get(keyString(keyOf(o))), rules)
          : o,
      ),
    live: refreshed.comparison.live,
    compare: refreshed.comparison.compare,
    ...(app.spec.syncPolicy ? { syncPolicy: app.spec.syncPolicy } : {}),
    operation: sync,
    prune: sync.prune ?? app.spec.syncPolicy?.automated?.prune ?? false,
    dryRun: sync.dryRun ?? false,
    destinationNamespaceExists: refreshed.destinationNamespaceExists,
    pruneConfirmed: approvedSince(app, startedAt),
    startedAt,
  });
  if (plan.kind === 'PlanRefusal') return finish('Failed', plan.message, [], refreshed.revision);
  // Argo CD marks an app with PostDelete hooks so that deleting it runs them (see finalize.ts).
  const finalizers = app.metadata.finalizers ?? [];
  if (plan.postDelete.length > 0 && !plan.dryRun && !finalizers.includes(FINALIZER_POST_DELETE)) {
    app = await patchApp(ctx, app, {
      metadata: {
        finalizers: [...finalizers, FINALIZER_POST_DELETE],
        resourceVersion: app.metadata.resourceVersion,
      },
    });
  }

  // Progress is written at most once a second, and the last update is never lost (trailing write).
  let pendingWrite: Promise<unknown> = Promise.resolve();
  let trailing: NodeJS.Timeout | undefined;
  let lastWrite = 0;
  let latest: readonly ResourceResult[] = [];
  const flush = () => {
    trailing = undefined;
    lastWrite = Date.now();
    state = {
      ...state,
      message: retrying
        ? `syncing (retry attempt #${retryCount})`
        : resuming && !waiting
          ? 'syncing (resumed after a controller restart)'
          : 'syncing',
      syncResult: { resources: [...latest], revision: refreshed.revision },
    };
    pendingWrite = pendingWrite
      .then(async () => {
        app = await writeStatus(ctx, app, { ...app.status, operationState: state });
      })
      .catch((e: unknown) => log.debug('progress write failed', { error: errorMessage(e) }));
  };
  // Waiting for Prune=confirm: everything else already ran; only the prunes are left to do.
  const executed = await executePlan(waiting ? prunesOnly(plan) : plan, {
    client: ctx.client,
    discovery: ctx.discovery,
    assessHealth: ctx.assessHealth,
    fieldManager: ctx.config.fieldManager,
    waveTimeoutMs: ctx.config.waveTimeoutMs,
    signal,
    onProgress: (resources) => {
      latest = resources;
      if (trailing) return;
      const wait = PROGRESS_WRITE_INTERVAL_MS - (Date.now() - lastWrite);
      if (wait <= 0) flush();
      else trailing = setTimeout(flush, wait);
    },
  });
  const result = waiting
    ? { ...executed, resources: mergeResults(previous?.syncResult?.resources ?? [], executed.resources) }
    : executed;
  if (trailing) clearTimeout(trailing);
  await pendingWrite;
  if (signal.reason === SHUTDOWN) {
    log.info('controller stopping: the operation stays Running and resumes on the next start');
    return { app };
  }
  // Prune=confirm: everything else is done; the operation stays Running until someone approves.
  if (result.phase === 'Succeeded' && plan.awaitingConfirmation.length > 0 && !plan.dryRun) {
    state = {
      ...state,
      message: `${AWAITING_PRUNE} of ${plan.awaitingConfirmation.join(', ')}: annotate the Application with ${ANNOTATION_DELETION_APPROVED}=<current time>`,
      syncResult: { resources: result.resources, revision: refreshed.revision },
    };
    app = await writeStatus(ctx, app, { ...app.status, operationState: state });
    return { app, retryAfterMs: ctx.config.pollIntervalMs };
  }
  return finish(
    result.phase === 'Terminating' ? 'Failed' : result.phase,
    result.message,
    [...result.resources, ...sharedResults],
    refreshed.revision,
  );
}

const AWAITING_PRUNE = 'waiting for pruning confirmation';

/** Earlier results, each replaced by a newer one for the same resource and phase. */
function mergeResults(
  earlier: readonly ResourceResult[],
  newer: readonly ResourceResult[],
): ResourceResult[] {
  const id = (r: ResourceResult) => `${r.group}/${r.kind}/${r.namespace}/${r.name}/${r.syncPhase ?? ''}`;
  const fresh = new Set(newer.map(id));
  return [...earlier.filter((r) => !fresh.has(id(r))), ...newer];
}

/** The plan with every task but its prunes removed (hooks and applies are not repeated). */
function prunesOnly(plan: SyncPlan): SyncPlan {
  return {
    ...plan,
    phases: plan.phases.map((p) => ({
      ...p,
      waves: p.waves
        .map((w) => ({ ...w, tasks: w.tasks.filter((t) => t.kind === 'prune') }))
        .filter((w) => w.tasks.length > 0),
    })),
    syncFail: [],
  };
}

/** Argo CD's rule: the approval is a timestamp no older than the operation it approves. */
function approvedSince(app: Application, startedAt: string): boolean {
  const value = app.metadata.annotations?.[ANNOTATION_DELETION_APPROVED];
  if (value === undefined) return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && at >= Date.parse(startedAt);
}

function retryLimit(app: Application, op: Operation): number | undefined {
  return (op.retry ?? (op.initiatedBy?.automated ? app.spec.syncPolicy?.retry : undefined))?.limit;
}

function sameOperation(a: Operation, b: Operation): boolean {
  return JSON.stringify(a.sync ?? {}) === JSON.stringify(b.sync ?? {});
}
