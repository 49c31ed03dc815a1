// The end of an operation: final operationState, history on success, the request cleared, an Event.
import type { Logger } from '../common/log.js';
import type { Application, ApplicationStatus } from '../model/index.js';
import type { OpState } from '../sync/op-state.js';
import { appendHistory, shouldAutoSync } from './app-status.js';
import { comparedStatus } from './compared-status.js';
import { refreshApp } from './refresh.js';
import { patchApp, writeStatus } from './app-writes.js';
import type { ControllerContext } from './context.js';
import type { OperationRun } from './operation-plan.js';
import { toOperationState } from './operation-status.js';

export async function finishOperation(
  ctx: ControllerContext,
  run: OperationRun,
  state: OpState,
  log: Logger,
): Promise<void> {
  // The request goes first: a crash between the two writes leaves a finished operation marked
  // Running without a request (reported as interrupted), never a request that would run again.
  run.app = await patchApp(ctx, run.app, { operation: null });
  const opState = toOperationState(ctx, run, state);
  let status: ApplicationStatus = { ...run.app.status, operationState: opState };
  const ok = state.phase === 'Succeeded';
  if (ok && run.operation.sync?.dryRun !== true) {
    status = {
      ...status,
      history: appendHistory(run.app, {
        // Argo CD leaves `revision` empty for several sources: `revisions` says each.
        revision: run.sources ? '' : run.revision,
        source: run.sources ? undefined : run.source,
        revisions: run.revisions,
        sources: run.sources,
        deployedAt: opState.finishedAt ?? run.startedAt,
        deployStartedAt: run.startedAt,
        initiatedBy: run.operation.initiatedBy,
      }),
    };
  }
  if (ok) status = await withComparison(ctx, { ...run.app, status });
  run.app = await writeStatus(ctx, run.app, status);
  const message = opState.message ?? '';
  ctx.events.record(
    run.app,
    ok ? 'Normal' : 'Warning',
    ok ? 'OperationCompleted' : 'OperationFailed',
    `Sync operation to ${run.revision} ${ok ? 'succeeded' : `failed: ${message}`}`,
  );
  log.info(`sync ${state.phase.toLowerCase()}`, { revision: run.revision.slice(0, 12), message });
}

/**
 * The comparison after a successful sync, written with its outcome: one status write where there
 * were two (Succeeded, then Synced a moment later), and users see the operation end and the app
 * in sync at once. The operation loop waited until the live cache showed its writes, so the comparison sees
 * them; the reconcile that follows compares again and writes only what changed since. A refresh
 * that fails leaves the comparison to that reconcile.
 */
async function withComparison(ctx: ControllerContext, app: Application): Promise<ApplicationStatus> {
  const status = app.status ?? {};
  const refreshed = await refreshApp(ctx, app, {}).catch(() => undefined);
  if (!refreshed?.ok) return status;
  const c = refreshed.comparison;
  const decision = shouldAutoSync(app, c.syncStatus, refreshed.revision);
  const now = ctx.now().toISOString();
  return {
    ...comparedStatus(app, refreshed, decision.condition ? [decision.condition] : [], now),
    reconciledAt: now,
  };
}
