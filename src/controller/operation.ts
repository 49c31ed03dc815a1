// Running a sync operation: the machine's state from operationState, driven to its end, written back.
import type { Application, Operation, OperationState } from '../model/index.js';
import { driveOperation } from '../sync/op-loop.js';
import { retryDueAt, startState } from '../sync/op-machine.js';
import type { RetryPolicy } from '../sync/op-state.js';
import { operationDeps, type ControllerContext } from './context.js';
import { acquireDestination } from './destination.js';
import { finishOperation } from './operation-finish.js';
import { planOperation, type OperationRun } from './operation-plan.js';
import { fromOperationState, OperationStatusWriter } from './operation-status.js';

export interface OperationOutcome {
  app: Application;
  /** Ask to be reconciled again after this delay (a retry, or waiting for pruning approval). */
  retryAfterMs?: number;
}

/** Runs (or resumes) app.operation until it ends, waits for a retry or approval, or the controller stops. */
export async function runOperation(
  ctx: ControllerContext,
  app: Application,
  operation: Operation,
  signal: AbortSignal,
): Promise<OperationOutcome> {
  const log = ctx.log.child({ app: app.metadata.name });
  const previous = app.status?.operationState;
  const resuming = previous !== undefined && isResumable(previous, operation);
  const retry = retryPolicy(app, operation);
  const timeout = ctx.config.waveTimeoutMs;
  const state = resuming ? fromOperationState(previous, retry, timeout) : startState(retry, timeout);
  // A retry not due yet: nothing to do or write (a tracked object's change reconciled the app).
  const due = retryDueAt(state);
  if (due !== undefined && due > ctx.timers.now()) return { app, retryAfterMs: due - ctx.timers.now() };
  // A retry due now starts a new attempt; with retry.refresh it syncs what Git says now.
  const latest = due !== undefined && retry.refresh === true;

  const run: OperationRun = {
    app,
    operation,
    startedAt: resuming ? previous.startedAt : ctx.now().toISOString(),
    revision: resuming && !latest ? (previous.syncResult?.revision ?? '') : '',
    source: resuming && !latest ? previous.syncResult?.source : undefined,
    revisions: resuming && !latest ? previous.syncResult?.revisions : undefined,
    latest,
  };
  if (!resuming) {
    const sync = operation.sync ?? {};
    const target = sync.revision ?? app.spec.source?.targetRevision ?? 'HEAD';
    const who = operation.initiatedBy?.automated ? 'automated ' : '';
    ctx.events.record(app, 'Normal', 'OperationStarted', `Initiated ${who}sync to ${target}`);
  }
  const dest = await acquireDestination(ctx, app);
  if (!dest.ok) {
    // The operation stays pending: it starts once the destination is declared and reachable.
    log.warn('operation waits for its destination cluster', { error: dest.error });
    return { app, retryAfterMs: 10_000 };
  }
  const writer = new OperationStatusWriter(ctx, run, log);
  const operationId = `${app.metadata.uid ?? app.metadata.name}/${run.startedAt}/${state.retryCount}`;
  const exit = await driveOperation(state, operationDeps(ctx, dest.target, operationId, signal, app), {
    plan: () => planOperation(ctx, run),
    onChange: (s) => writer.schedule(s),
    checkpoint: (s) => writer.flush(s),
  });
  writer.stop();
  switch (exit.reason) {
    case 'shutdown':
      await writer.flush(exit.state, { always: true });
      log.info('controller stopping: the operation stays Running and resumes on the next start');
      return { app: run.app };
    case 'retryWait':
      await writer.flush(exit.state, { always: true });
      log.warn('sync failed; will retry', { message: exit.state.message, attempt: exit.state.retryCount });
      return { app: run.app, retryAfterMs: Math.max(0, exit.until - ctx.timers.now()) };
    case 'awaitPruneConfirmation':
      // "waiting for pruning confirmation" is the message users act on: written, not left to a timer.
      await writer.flush(exit.state, { always: true });
      return { app: run.app, retryAfterMs: ctx.config.pollIntervalMs };
    case 'done':
      await finishOperation(ctx, run, exit.state, log);
      return { app: run.app };
  }
}

/** The same operation, still in progress: resume it rather than start again. */
function isResumable(previous: OperationState, operation: Operation): boolean {
  if (previous.phase !== 'Running' && previous.phase !== 'Terminating') return false;
  return JSON.stringify(previous.operation.sync ?? {}) === JSON.stringify(operation.sync ?? {});
}

function retryPolicy(app: Application, op: Operation): RetryPolicy {
  const strategy = op.retry ?? (op.initiatedBy?.automated ? app.spec.syncPolicy?.retry : undefined);
  return {
    limit: strategy?.limit,
    backoff: (op.retry ?? app.spec.syncPolicy?.retry)?.backoff ?? {},
    refresh: strategy?.refresh === true,
  };
}
