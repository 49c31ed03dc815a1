// Operations on an application: sync and rollback (by writing `operation`), terminate (status phase Terminating).
import type { Application, Operation, SyncOperation } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { enforceResourceKinds, enforceSyncWindows } from './app-policy.js';
import { badRequest, conflict, notFound } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { applicationSchema, rollbackRequest, syncRequest } from './schemas.js';

function refuseIfRunning(app: Application): void {
  if (
    app.operation ||
    app.status?.operationState?.phase === 'Running' ||
    app.status?.operationState?.phase === 'Terminating'
  )
    throw conflict(
      `another operation is already in progress on ${app.metadata.name}`,
      `wait for it to finish, or terminate it: DELETE /api/v1/applications/${app.metadata.name}/operation`,
    );
}

export function appOperationRoutes(api: ApiContext): Route[] {
  const { writer } = api;
  const startOperation = async (app: Application, sync: SyncOperation, username: string) => {
    const operation: Operation = { sync, initiatedBy: { username } };
    return api.wrote(await writer.patch<Application>('Application', app.metadata.name, { operation }));
  };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications/{name}/sync',
      summary: 'Start a sync; refused while another operation runs or a sync window forbids it',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'sync'),
      body: syncRequest,
      response: applicationSchema,
      async handler({ params, body, principal }) {
        const app = await api.app(params.name ?? '');
        refuseIfRunning(app);
        await enforceSyncWindows(api, app, true);
        await enforceResourceKinds(api, app, body.resources);
        const options = Array.isArray(body.syncOptions) ? body.syncOptions : body.syncOptions?.items;
        const sync: SyncOperation = {};
        if (body.revision) sync.revision = body.revision;
        if (body.revisions?.length) sync.revisions = body.revisions;
        if (body.prune !== undefined) sync.prune = body.prune;
        if (body.dryRun !== undefined) sync.dryRun = body.dryRun;
        if (body.resources?.length)
          sync.resources = body.resources.map((r) => ({
            group: r.group ?? '',
            kind: r.kind,
            name: r.name,
            ...(r.namespace ? { namespace: r.namespace } : {}),
          }));
        if (options?.length) sync.syncOptions = options;
        if (body.strategy) sync.syncStrategy = body.strategy as NonNullable<SyncOperation['syncStrategy']>;
        return json(await startOperation(app, sync, principal?.sub ?? ''));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications/{name}/rollback',
      summary: 'Sync back to a history entry (refused while automated sync is on)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'sync'),
      body: rollbackRequest,
      response: applicationSchema,
      async handler({ params, body, principal }) {
        const app = await api.app(params.name ?? '');
        const auto = app.spec.syncPolicy?.automated;
        if (auto && auto.enabled !== false)
          throw badRequest(
            `rollback of ${app.metadata.name} cannot run while automated sync is enabled: the controller would sync straight back to Git`,
            'disable spec.syncPolicy.automated first',
          );
        const entry = app.status?.history?.find((h) => h.id === body.id);
        if (!entry) {
          const ids = (app.status?.history ?? []).map((h) => h.id).join(', ') || 'none';
          throw notFound(
            `application ${app.metadata.name} has no history entry ${body.id} (entries: ${ids})`,
          );
        }
        refuseIfRunning(app);
        await enforceSyncWindows(api, app, true);
        await enforceResourceKinds(api, app, undefined);
        // A multi-source entry names each source and its revision (Argo CD's history `revisions`).
        const sync: SyncOperation = entry.revisions?.length
          ? { revisions: entry.revisions, ...(entry.sources ? { sources: entry.sources } : {}) }
          : { revision: entry.revision };
        if (entry.source) sync.source = entry.source;
        if (body.prune !== undefined) sync.prune = body.prune;
        if (body.dryRun !== undefined) sync.dryRun = body.dryRun;
        return json(await startOperation(app, sync, principal?.sub ?? ''));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/applications/{name}/operation',
      summary: 'Terminate the running operation',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'sync'),
      async handler({ params }) {
        const app = await api.app(params.name ?? '');
        if (app.status?.operationState?.phase !== 'Running')
          throw conflict(`no operation is in progress on ${app.metadata.name}`);
        const patch = { status: { operationState: { phase: 'Terminating' } } };
        api.wrote(await writer.patchStatus<Application>('Application', app.metadata.name, patch));
        return json({ message: `terminating the operation of ${app.metadata.name}` });
      },
    }),
  ];
}
