// Application writes as Kubernetes writes: create, update (PUT), patch, delete with or without cascade.
import { isAlreadyExists } from '../model/api-error.js';
import {
  API_VERSION,
  FINALIZER_RESOURCES,
  FINALIZER_RESOURCES_BACKGROUND,
  type Application,
} from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { enforceAppSpec } from './app-policy.js';
import { assertSpecOnly, withSpec } from './app-write-scope.js';
import { badRequest, conflict } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { applicationSchema, patchRequest } from './schemas.js';

export function appWriteRoutes(api: ApiContext): Route[] {
  const { read, writer } = api;
  const ns = read.namespace;
  const toApp = (body: unknown): Application => {
    const a = structuredClone(body) as Application;
    a.apiVersion = API_VERSION;
    a.kind = 'Application';
    a.metadata.namespace = ns;
    delete a.status;
    // An operation is started only by the sync and rollback routes, which record who started it.
    delete a.operation;
    return a;
  };
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications',
      summary: 'Create an application (?upsert=true replaces the spec of an existing one)',
      tag: 'Applications',
      auth: 'user',
      rbac: {
        resource: 'applications',
        action: 'create',
        object: ({ body }) => {
          const a = body as Application;
          return `${a.spec.project}/${a.metadata.name}`;
        },
      },
      query: [{ name: 'upsert', description: 'true: update if it exists', type: 'boolean' }],
      body: applicationSchema,
      response: applicationSchema,
      async handler({ body, query, require }) {
        const app = toApp(body);
        await enforceAppSpec(api, app);
        try {
          return json(api.wrote(await writer.create('Application', app)));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          if (query.get('upsert') !== 'true')
            throw conflict(
              `application ${app.metadata.name} already exists`,
              'use ?upsert=true or PUT to change it',
            );
          const live = await api.app(app.metadata.name);
          require('applications', 'update', `${live.spec.project || 'default'}/${app.metadata.name}`);
          return json(api.wrote(await writer.replace('Application', withSpec(live, app))));
        }
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/applications/{name}',
      summary: 'Replace the spec (and labels, annotations, finalizers) of an application',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'update'),
      body: applicationSchema,
      response: applicationSchema,
      async handler({ params, body, require }) {
        const name = params.name ?? '';
        const app = toApp(body);
        if (app.metadata.name !== name)
          throw badRequest(`metadata.name "${app.metadata.name}" does not match the path "${name}"`);
        // Moving an app to another project needs update rights there too.
        require('applications', 'update', `${app.spec.project}/${name}`);
        await enforceAppSpec(api, app);
        // A fresh read: the cache may lag our own last write, and PUT must not fail on that.
        const live = await writer.get<Application>('Application', name);
        return json(api.wrote(await writer.replace('Application', withSpec(live, app))));
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/applications/{name}',
      summary: 'Patch an application (merge or JSON patch); the result is checked against its project',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'update'),
      body: patchRequest,
      response: applicationSchema,
      async handler({ params, body, require }) {
        const name = params.name ?? '';
        let patch: unknown = body.patch;
        if (typeof patch === 'string') {
          try {
            patch = JSON.parse(patch);
          } catch {
            throw badRequest('patch is not valid JSON text');
          }
        }
        const opts = { type: body.patchType ?? 'merge' } as const;
        // Read first: the write below carries this resourceVersion, so a change in between is a 409.
        const live = await writer.get<Application>('Application', name);
        // The API server applies the patch in a dry run; the project rules judge the result before it is real.
        const preview = await writer.patch<Application>('Application', name, patch, {
          ...opts,
          dryRun: true,
        });
        require('applications', 'update', `${preview.spec.project}/${name}`);
        await enforceAppSpec(api, preview);
        // Only spec, labels, annotations and finalizers of the patched object are written (Argo CD's rule).
        assertSpecOnly(live, preview);
        return json(api.wrote(await writer.replace('Application', withSpec(live, preview))));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/applications/{name}',
      summary: 'Delete an application; cascade=true (default) deletes its resources too',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'delete'),
      query: [
        { name: 'cascade', description: 'default true: delete the app resources', type: 'boolean' },
        { name: 'propagationPolicy', description: 'foreground (default) or background' },
      ],
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const cascade = query.get('cascade') !== 'false';
        const background = query.get('propagationPolicy') === 'background';
        const current = app.metadata.finalizers ?? [];
        const others = current.filter(
          (f) => f !== FINALIZER_RESOURCES && f !== FINALIZER_RESOURCES_BACKGROUND,
        );
        const finalizers = cascade
          ? [...others, background ? FINALIZER_RESOURCES_BACKGROUND : FINALIZER_RESOURCES]
          : others;
        if (JSON.stringify(finalizers) !== JSON.stringify(current)) {
          api.wrote(
            await writer.patch<Application>('Application', app.metadata.name, { metadata: { finalizers } }),
          );
        }
        const after = await writer.delete('Application', app.metadata.name);
        // With finalizers the app stays (being deleted); without, it is gone: reads by name must say so.
        if (after.kind === 'Application' && after.metadata.deletionTimestamp) api.wrote(after as Application);
        else read.apps.rememberDeleted(app);
        return json({});
      },
    }),
  ];
}
