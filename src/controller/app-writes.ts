// Writes to Applications: status through the status subresource, spec-side fields by merge patch.
import type { Application, ApplicationStatus } from '../model/index.js';
import { isNotFound } from '../kube/api-error.js';
import { APPLICATION_RESOURCE, type ControllerContext } from './context.js';
import { mergePatch } from './merge-patch.js';

/** Patches status to `next` (only what changed); returns the app as written, or the input when nothing changed. */
export async function writeStatus(
  ctx: ControllerContext,
  app: Application,
  next: ApplicationStatus,
): Promise<Application> {
  const patch = mergePatch(app.status ?? {}, next);
  if (patch === undefined) return app;
  try {
    const written = await ctx.client.patchStatus<Application>(
      APPLICATION_RESOURCE,
      app.metadata.name,
      { status: patch },
      {
        namespace: app.metadata.namespace,
        type: 'merge',
        ...(ctx.config.appFieldManager ? { fieldManager: ctx.config.appFieldManager } : {}),
      },
    );
    ctx.apps.remember(written);
    return written;
  } catch (e) {
    if (isNotFound(e)) return app; // deleted meanwhile
    throw e;
  }
}

/** Merge-patches the main resource (operation, annotations, finalizers). */
export async function patchApp(
  ctx: ControllerContext,
  app: Application,
  patch: Record<string, unknown>,
): Promise<Application> {
  try {
    const written = await ctx.client.patch<Application>(APPLICATION_RESOURCE, app.metadata.name, patch, {
      namespace: app.metadata.namespace,
      type: 'merge',
      ...(ctx.config.appFieldManager ? { fieldManager: ctx.config.appFieldManager } : {}),
    });
    ctx.apps.remember(written);
    return written;
  } catch (e) {
    if (isNotFound(e)) return app;
    throw e;
  }
}
