// Planning one attempt of a sync operation: refresh at the operation's revision, then plan the tasks.
import type { Application, ApplicationSource, Operation, ResourceResult } from '../model/index.js';
import { keyOf, keyString, parseKeyString } from '../model/index.js';
import { planSync } from '../sync/plan.js';
import { planSteps, skipResults } from '../sync/op-steps.js';
import type { OpEvent } from '../sync/op-state.js';
import { mergeSyncOptions, parseSyncOptions } from '../sync/sync-options.js';
import { respectIgnoreDifferences } from '../sync/respect-ignore.js';
import { patchApp } from './app-writes.js';
import type { ControllerContext } from './context.js';
import { FINALIZER_POST_DELETE } from './finalize.js';
import { refreshApp } from './refresh.js';
import { projectKindRule } from './spec-problems.js';
import { ANNOTATION_DELETION_APPROVED } from '../model/index.js';

/** One operation as the controller runs it; `app` is the latest copy our writes returned. */
export interface OperationRun {
  app: Application;
  operation: Operation;
  startedAt: string;
  /** The revision this operation syncs, fixed by its first plan (a resumed operation keeps it). */
  revision: string;
  source?: ApplicationSource | undefined;
  /** Multi-source apps: each source's revision, fixed by the first plan like `revision`. */
  revisions?: string[] | undefined;
  sources?: ApplicationSource[] | undefined;
  /** A retry with `retry.refresh`: resolve the source's revision afresh instead of the operation's. */
  latest?: boolean;
}

/** Refreshes and plans; a render failure or a refused plan is a `failed` event, not an exception. */
export async function planOperation(ctx: ControllerContext, run: OperationRun): Promise<OpEvent> {
  const sync = run.operation.sync ?? {};
  const revision = run.revision || (run.latest ? undefined : sync.revision);
  // A branch, tag or HEAD is resolved afresh for a new operation: "sync" means "what Git says now".
  const pinned = /^[0-9a-f]{40}$/.test(revision ?? '');
  const revisions = run.revisions ?? (run.latest ? undefined : sync.revisions);
  const refreshed = await refreshApp(ctx, run.app, {
    revision,
    revisions,
    sources: sync.sources,
    source: sync.source,
    hard: false,
    refreshRevision: !pinned || revisions !== undefined,
  });
  if (!refreshed.ok) return { type: 'failed', phase: 'Error', message: refreshed.condition.message };
  run.revision = refreshed.revision;
  run.source = sync.source ?? run.app.spec.source;
  run.revisions = refreshed.revisions;
  run.sources = refreshed.sources;
  const app = run.app;

  // A resource another app tracks is never taken over; with FailOnSharedResource the sync fails instead.
  const shared = refreshed.comparison.shared;
  const options = mergeSyncOptions(
    parseSyncOptions(app.spec.syncPolicy?.syncOptions, 'spec.syncPolicy.syncOptions').options,
    parseSyncOptions(sync.syncOptions, 'operation.sync.syncOptions').options,
  );
  if (shared.size > 0 && options.failOnSharedResource) {
    const which = [...shared].map(([k, o]) => `${k} is tracked by ${o}`).join('; ');
    return { type: 'failed', phase: 'Failed', message: `FailOnSharedResource: ${which}` };
  }
  const sharedResults: ResourceResult[] = [...shared].map(([key, owner]) => ({
    ...parseKeyString(key),
    version: '',
    status: 'SyncFailed',
    message: `not applied: already tracked by application ${owner}`,
  }));
  const live = refreshed.comparison.live;
  const plan = planSync({
    appName: app.metadata.name,
    destinationNamespace: refreshed.destinationNamespace,
    desired: refreshed.desired
      .filter((o) => !shared.has(keyString(keyOf(o))))
      .map((o) =>
        options.respectIgnoreDifferences
          ? respectIgnoreDifferences(o, live.get(keyString(keyOf(o))), app.spec.ignoreDifferences)
          : o,
      ),
    live,
    compare: refreshed.comparison.compare,
    ...(app.spec.syncPolicy ? { syncPolicy: app.spec.syncPolicy } : {}),
    operation: sync,
    prune: sync.prune ?? app.spec.syncPolicy?.automated?.prune ?? false,
    dryRun: sync.dryRun ?? false,
    destinationNamespaceExists: refreshed.destinationNamespaceExists,
    pruneConfirmed: approvedSince(app, run.startedAt),
    startedAt: run.startedAt,
    permitted: projectKindRule(ctx, app),
  });
  if (plan.kind === 'PlanRefusal') return { type: 'failed', phase: 'Failed', message: plan.message };
  // Argo CD marks an app with PostDelete hooks so that deleting it runs them (see finalize.ts).
  const finalizers = app.metadata.finalizers ?? [];
  if (plan.postDelete.length > 0 && !plan.dryRun && !finalizers.includes(FINALIZER_POST_DELETE)) {
    run.app = await patchApp(ctx, app, {
      metadata: {
        finalizers: [...finalizers, FINALIZER_POST_DELETE],
        resourceVersion: app.metadata.resourceVersion,
      },
    });
  }
  return { type: 'planned', steps: planSteps(plan), extraResults: [...skipResults(plan), ...sharedResults] };
}

/** Argo CD's rule: the approval is a timestamp no older than the operation it approves. */
function approvedSince(app: Application, startedAt: string): boolean {
  const value = app.metadata.annotations?.[ANNOTATION_DELETION_APPROVED];
  if (value === undefined) return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && at >= Date.parse(startedAt);
}
