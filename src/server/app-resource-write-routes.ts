// Changing one resource of an app: list and run its actions, delete it (force/orphan), patch it; each with RBAC.
import { z } from 'zod';
import { listActions, runAction } from '../actions/index.js';
import { ARGOCD_CM } from '../model/settings-objects.js';
import { maskSecrets } from '../diff/index.js';
import type { Application } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import type { Principal } from './auth.js';
import { appObjectCheck } from './app-read-routes.js';
import { applyChanges, lookupOf, RESOURCE_QUERY, targetOf } from './app-resource-ops.js';
import { badRequest, HttpError } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';

const actionParams = z.array(z.object({ name: z.string().min(1), value: z.string() }));

/** Argo CD's bodies: the action name as a JSON string (v1, resource in the query) or an object (v2). */
const runActionBody = z.union([
  z.string().min(1),
  z.object({
    action: z.string().min(1),
    resourceActionParameters: actionParams.optional(),
    namespace: z.string().optional(),
    resourceName: z.string().optional(),
    group: z.string().optional(),
    kind: z.string().optional(),
    version: z.string().optional(),
  }),
]);
type RunActionBody = z.infer<typeof runActionBody>;

const PATCH_TYPES = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
} as const;

/** The patch as Argo CD sends it (a JSON string), or `{patch, patchType}`. */
const patchBody = z.union([
  z.string().min(1),
  z.object({ patch: z.string().min(1), patchType: z.string().optional() }),
]);
type PatchBody = z.infer<typeof patchBody>;

const objectOf = (app: Application) => `${app.spec.project || 'default'}/${app.metadata.name}`;

function bodyQuery(query: URLSearchParams, body: RunActionBody): URLSearchParams {
  if (typeof body === 'string') return query;
  const q = new URLSearchParams(query);
  for (const key of ['namespace', 'resourceName', 'group', 'kind', 'version'] as const) {
    const v = body[key];
    if (v !== undefined && !q.has(key)) q.set(key, v);
  }
  return q;
}

export function appResourceWriteRoutes(api: ApiContext): Route[] {
  const { read } = api;
  const cmData = () =>
    (
      read.get({ group: '', kind: 'ConfigMap', namespace: read.namespace, name: ARGOCD_CM }) as
        { data?: Record<string, string> } | undefined
    )?.data;
  const now = () => new Date(api.nowMs());
  /** As Argo CD: an Event on the app naming who did what (`admin ran action restart on …`), and a log line. */
  const record = (app: Application, who: Principal | undefined, reason: string, message: string) => {
    const text = `${who?.sub ?? 'unknown user'} ${message}`;
    api.log.info(text, { app: app.metadata.name, reason });
    api.resources.recordAppEvent(app, reason, text);
  };
  const runHandler = async ({
    params,
    query,
    body,
    principal,
    require,
  }: {
    params: Readonly<Record<string, string>>;
    query: URLSearchParams;
    body: RunActionBody;
    principal: Principal | undefined;
    require: (r: string, a: string, o: string) => void;
  }) => {
    const app = await api.app(params.name ?? '');
    const action = typeof body === 'string' ? body : body.action;
    const t = await targetOf(api, app, lookupOf(bodyQuery(query, body)));
    require('applications', `action/${t.want.group}/${t.want.kind}/${action}`, objectOf(app));
    const live = await t.cluster.get(t.want);
    const values = typeof body === 'string' ? [] : (body.resourceActionParameters ?? []);
    const run = runAction(
      live,
      action,
      Object.fromEntries(values.map((p) => [p.name, p.value])),
      cmData(),
      now(),
    );
    if (!run.ok) throw badRequest(run.error, 'list the actions this resource offers: GET …/resource/actions');
    await applyChanges(t.cluster, live, run.changes);
    record(app, principal, 'ResourceActionRan', `ran action ${action} on ${t.label}`);
    return json({});
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/resource/actions',
      summary: 'Actions offered on one resource of the app (built-in, or Lua from argocd-cm)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: RESOURCE_QUERY,
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const t = await targetOf(api, app, lookupOf(query));
        const listed = listActions(await t.cluster.get(t.want), cmData());
        if (!listed.ok) throw new HttpError(500, listed.error, 'fix the discovery.lua script in argocd-cm');
        return json({ actions: listed.actions });
      },
    }),
    ...[
      '/api/v1/applications/{name}/resource/actions',
      '/api/v1/applications/{name}/resource/actions/v2',
    ].map((path) =>
      defineRoute({
        method: 'POST',
        path,
        summary:
          'Run an action on one resource of the app (RBAC: applications, action/<group>/<kind>/<action>)',
        tag: 'Applications',
        auth: 'user',
        rbac: appObjectCheck(api, 'get'),
        query: RESOURCE_QUERY,
        body: runActionBody,
        handler: runHandler,
      }),
    ),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/applications/{name}/resource',
      summary: 'Delete one resource of the app (force: no grace period; orphan: keep its dependents)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'delete'),
      query: [
        ...RESOURCE_QUERY,
        { name: 'force', description: 'delete at once (grace period 0)', type: 'boolean' },
        {
          name: 'orphan',
          description: 'leave its dependents (e.g. a Deployment’s ReplicaSets)',
          type: 'boolean',
        },
      ],
      async handler({ params, query, principal }) {
        const app = await api.app(params.name ?? '');
        const t = await targetOf(api, app, lookupOf(query));
        const force = query.get('force') === 'true';
        const orphan = query.get('orphan') === 'true';
        await t.cluster.delete(t.want, { force, orphan });
        record(
          app,
          principal,
          'ResourceDeleted',
          `deleted ${t.label}${orphan ? ' (orphaning dependents)' : ''}`,
        );
        return json({});
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications/{name}/resource',
      summary:
        'Patch one resource of the app (patchType: merge, JSON or strategic merge); answers its manifest',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'update'),
      query: [
        ...RESOURCE_QUERY,
        {
          name: 'patchType',
          description:
            'application/merge-patch+json (default), application/json-patch+json or application/strategic-merge-patch+json',
        },
      ],
      body: patchBody,
      async handler({
        params,
        query,
        body,
        principal,
      }: {
        params: Readonly<Record<string, string>>;
        query: URLSearchParams;
        body: PatchBody;
        principal: Principal | undefined;
      }) {
        const app = await api.app(params.name ?? '');
        const t = await targetOf(api, app, lookupOf(query));
        const text = typeof body === 'string' ? body : body.patch;
        const typeName =
          (typeof body === 'string' ? undefined : body.patchType) ??
          query.get('patchType') ??
          'application/merge-patch+json';
        const type = Object.hasOwn(PATCH_TYPES, typeName)
          ? PATCH_TYPES[typeName as keyof typeof PATCH_TYPES]
          : (['merge', 'json', 'strategic'] as const).find((x) => x === typeName);
        if (!type)
          throw badRequest(
            `unknown patchType ${JSON.stringify(typeName)}`,
            `use one of ${Object.keys(PATCH_TYPES).join(', ')}`,
          );
        let patch: unknown;
        try {
          patch = JSON.parse(text);
        } catch {
          throw badRequest('the patch is not JSON');
        }
        const out = await t.cluster.patch(t.want, patch, type);
        record(app, principal, 'ResourcePatched', `patched ${t.label}`);
        const { managedFields: _m, ...metadata } = out.metadata;
        return json({ manifest: JSON.stringify(maskSecrets({ ...out, metadata })) });
      },
    }),
  ];
}
