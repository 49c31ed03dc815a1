// Deleting an Application: with the resources finalizer, delete what it tracks first (cascade).
import { errorMessage } from '../common/errors.js';
import type { Application } from '../model/index.js';
import {
  ANNOTATION_DELETION_APPROVED,
  FINALIZER_RESOURCES,
  FINALIZER_RESOURCES_BACKGROUND,
  splitApiVersion,
} from '../model/index.js';
import { resourceSyncOptions } from '../sync/sync-options.js';
import { isNotFound } from '../kube/api-error.js';
import { hookInfo } from '../sync/hooks.js';
import { isKept } from '../sync/hooks.js';
import { patchApp } from './app-writes.js';
import { trackedObjects, type ControllerContext } from './context.js';

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
  if (ours.length === 0) return {}; // non-cascading delete: resources stay, Kubernetes removes the app
  const propagationPolicy = ours.includes(FINALIZER_RESOURCES_BACKGROUND) ? 'Background' : 'Foreground';
  // Delete=false resources stay; Delete=confirm ones wait for the deletion-approved annotation.
  const approved = app.metadata.annotations?.[ANNOTATION_DELETION_APPROVED] !== undefined;
  const remaining = trackedObjects(ctx, app).filter((o) => {
    if (hookInfo(o).isHook || isKept(o)) return false;
    const mode = resourceSyncOptions(o, `${o.kind}/${o.metadata.name ?? ''}`).options.delete;
    return mode === undefined || mode === true || (mode === 'confirm' && approved);
  });
  const awaiting = trackedObjects(ctx, app).filter(
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
    if (obj.metadata.deletionTimestamp) continue;
    const res = await ctx.discovery.find(splitApiVersion(obj.apiVersion).group, obj.kind);
    if (!res) continue;
    try {
      await ctx.client.delete(res, obj.metadata.name ?? '', {
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
  ctx.log.info('application deleted with its resources', { app: app.metadata.name });
  return {};
}
