// Deleting an Application: delete what it tracks (resources finalizer), then run PostDelete hooks.
import { errorMessage } from '../common/errors.js';
import type { Application, KubeObject } from '../model/index.js';
import {
  keyOf,
  keyString,
  ANNOTATION_DELETION_APPROVED,
  FINALIZER_RESOURCES,
  FINALIZER_RESOURCES_BACKGROUND,
  splitApiVersion,
} from '../model/index.js';
import { resourceSyncOptions } from '../sync/sync-options.js';
import { isNotFound } from '../kube/api-error.js';
import { hookInfo } from '../sync/hooks.js';
import { isKept } from '../sync/hooks.js';
import { planSync } from '../sync/plan.js';
import { runHookWaves } from '../sync/run-hooks.js';
import { patchApp } from './app-writes.js';
import { operationDeps, trackedObjects, type ControllerContext } from './context.js';
import { refreshApp } from './refresh.js';
import { acquireDestination } from './destination.js';

/** Argo CD's finalizer for "run the PostDelete hooks once the app's resources are gone". */
export const FINALIZER_POST_DELETE = 'post-delete-finalizer.argocd.argoproj.io';
/** Argo CD's second stage (hook clean-up); removed together with the first here. */
export const FINALIZER_POST_DELETE_CLEANUP = 'post-delete-finalizer.argocd.argoproj.io/cleanup';
const POST_DELETE_FINALIZERS: readonly string[] = [FINALIZER_POST_DELETE, FINALIZER_POST_DELETE_CLEANUP];

/** Apps whose wait for deletion approval was already announced (one Event, not one per retry). */
const announced = new Set<string>();

export async function finalizeApp(
  ctx: ControllerContext,
  app: Application,
): Promise<{ requeueAfterMs?: number }> {
  const finalizers = app.metadata.finalizers ?? [];
  const ours: string[] = finalizers.filter(
    (f) => f === FINALIZER_RESOURCES || f === FINALIZER_RESOURCES_BACKGROUND,
  );
  // Non-cascading delete: resources stay; then the PostDelete stage, if any, or Kubernetes removes the app.
  if (ours.length === 0) return runPostDelete(ctx, app);
  const dest = await acquireDestination(ctx, app);
  // An unreachable cluster keeps the finalizer (its resources are not gone); an undeclared one has nothing
  // Driftless could delete, so the app may go (as Argo CD does for an invalid destination).
  if (!dest.ok && dest.unreachable) {
    ctx.log.warn('deletion waits for the destination cluster', { app: app.metadata.name, error: dest.error });
    return { requeueAfterMs: 10_000 };
  }
  const live = dest.ok ? dest.target : undefined;
  const propagationPolicy = ours.includes(FINALIZER_RESOURCES_BACKGROUND) ? 'Background' : 'Foreground';
  // Delete=false resources stay; Delete=confirm ones wait for the deletion-approved annotation.
  const approved = deletionApproved(app);
  const tracked = live ? trackedObjects(ctx, app, live.cache) : [];
  const remaining = tracked.filter((o) => {
    if (hookInfo(o).isHook || isKept(o)) return false;
    const mode = resourceSyncOptions(o, `${o.kind}/${o.metadata.name ?? ''}`).options.delete;
    return mode === undefined || mode === true || (mode === 'confirm' && approved);
  });
  const awaiting = tracked.filter(
    (o) => resourceSyncOptions(o, '').options.delete === 'confirm' && !approved && !hookInfo(o).isHook,
  );
  if (awaiting.length > 0 && !announced.has(app.metadata.uid ?? app.metadata.name)) {
    announced.add(app.metadata.uid ?? app.metadata.name);
    ctx.log.info('deletion waits for approval', { app: app.metadata.name, resources: awaiting.length });
    ctx.events.record(
      app,
      'Normal',
      'DeletionAwaitingApproval',
      `${awaiting.length} resource(s) have Delete=confirm: annotate the Application with ${ANNOTATION_DELETION_APPROVED} to delete them`,
    );
  }
  for (const obj of remaining) {
    if (obj.metadata.deletionTimestamp || !live) continue;
    const res = await live.discovery.find(splitApiVersion(obj.apiVersion).group, obj.kind);
    if (!res) continue;
    try {
      await live.client.delete(res, obj.metadata.name ?? '', {
        namespace: obj.metadata.namespace,
        propagationPolicy,
        ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
      });
    } catch (e) {
      if (!isNotFound(e))
        ctx.log.warn('cascade delete failed', {
          app: app.metadata.name,
          object: `${obj.kind}/${obj.metadata.name}`,
          error: errorMessage(e),
        });
    }
  }
  if (remaining.length > 0 || awaiting.length > 0) {
    ctx.log.info('waiting for app resources to be deleted', {
      app: app.metadata.name,
      remaining: remaining.length,
    });
    return { requeueAfterMs: remaining.length > 0 ? 1_000 : 10_000 };
  }
  await patchApp(ctx, app, {
    metadata: {
      finalizers: finalizers.filter((f) => !ours.includes(f)),
      resourceVersion: app.metadata.resourceVersion,
    },
  });
  announced.delete(app.metadata.uid ?? app.metadata.name);
  ctx.log.info('application resources deleted', { app: app.metadata.name });
  // A remaining PostDelete finalizer brings the app back here (the finalizer change is an event).
  return {};
}

/** Approved by an annotation whose time is not older than the deletion (Argo CD's rule). */
function deletionApproved(app: Application): boolean {
  const value = app.metadata.annotations?.[ANNOTATION_DELETION_APPROVED];
  if (value === undefined) return false;
  const at = Date.parse(value);
  const deleting = Date.parse(app.metadata.deletionTimestamp ?? '');
  // deletionTimestamp has whole seconds: compare at that precision.
  return Number.isFinite(at) && (!Number.isFinite(deleting) || Math.floor(at / 1000) * 1000 >= deleting);
}

/**
 * The PostDelete stage: render the app, run its PostDelete hooks wave by wave until they complete
 * (their delete policies apply), then drop the post-delete finalizers. A failed render or hook
 * keeps the finalizers and tries again later, as Argo CD does.
 */
async function runPostDelete(ctx: ControllerContext, app: Application): Promise<{ requeueAfterMs?: number }> {
  const finalizers = app.metadata.finalizers ?? [];
  if (!finalizers.some((f) => POST_DELETE_FINALIZERS.includes(f))) return {};
  const log = ctx.log.child({ app: app.metadata.name });
  const refreshed = await refreshApp(ctx, app, { hard: false });
  if (!refreshed.ok) {
    log.warn('PostDelete hooks cannot be rendered', { message: refreshed.condition.message });
    ctx.events.record(app, 'Warning', 'PostDeleteHookFailed', refreshed.condition.message);
    return { requeueAfterMs: 30_000 };
  }
  const live = new Map<string, KubeObject>(
    trackedObjects(ctx, app, refreshed.target.cache).map((o) => [keyString(keyOf(o)), o]),
  );
  const plan = planSync({
    appName: app.metadata.name,
    destinationNamespace: refreshed.destinationNamespace,
    desired: refreshed.desired,
    live,
    compare: new Map(),
    operation: {},
    prune: false,
    dryRun: false,
    // Stable for this deletion: generateName hooks keep their names across retries.
    startedAt: app.metadata.deletionTimestamp ?? ctx.now().toISOString(),
  });
  if (plan.kind === 'SyncPlan' && plan.postDelete.length > 0) {
    log.info('running PostDelete hooks', { waves: plan.postDelete.length });
    const result = await runHookWaves(
      plan.postDelete,
      operationDeps(ctx, refreshed.target, `${app.metadata.uid ?? app.metadata.name}/post-delete`),
      ctx.config.waveTimeoutMs,
    );
    if (!result.ok) {
      log.warn('PostDelete hook failed', { message: result.message });
      ctx.events.record(app, 'Warning', 'PostDeleteHookFailed', result.message);
      return { requeueAfterMs: 30_000 };
    }
    ctx.events.record(
      app,
      'Normal',
      'PostDeleteHooksCompleted',
      `PostDelete hooks completed: ${result.message}`,
    );
  } else if (plan.kind === 'PlanRefusal') {
    log.warn('PostDelete hooks cannot be planned', { message: plan.message });
  }
  await patchApp(ctx, app, {
    metadata: {
      finalizers: finalizers.filter((f) => !POST_DELETE_FINALIZERS.includes(f)),
      resourceVersion: app.metadata.resourceVersion,
    },
  });
  return {};
}
