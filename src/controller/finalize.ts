// Deleting an Application: with the resources finalizer, delete what it tracks first (cascade).
import { errorMessage } from '../common/errors.js';
import type { Application } from '../model/index.js';
import { FINALIZER_RESOURCES, FINALIZER_RESOURCES_BACKGROUND, splitApiVersion } from '../model/index.js';
import { isNotFound } from '../kube/api-error.js';
import { hookInfo } from '../sync/hooks.js';
import { isKept } from '../sync/hooks.js';
import { patchApp } from './app-writes.js';
import { trackedObjects, type ControllerContext } from './context.js';

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
  const remaining = trackedObjects(ctx, app).filter((o) => !hookInfo(o).isHook && !isKept(o));
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
  if (remaining.length > 0) {
    ctx.log.info('waiting for app resources to be deleted', {
      app: app.metadata.name,
      remaining: remaining.length,
    });
    return { requeueAfterMs: 1_000 };
  }
  await patchApp(ctx, app, {
    metadata: {
      finalizers: finalizers.filter((f) => !ours.includes(f)),
      resourceVersion: app.metadata.resourceVersion,
    },
  });
  ctx.log.info('application deleted with its resources', { app: app.metadata.name });
  return {};
}
