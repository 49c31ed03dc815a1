// Application read routes: list (filtered, paged, RBAC-filtered), get (with refresh), tree, managed resources, manifests, events.
import { maskSecrets } from '../diff/index.js';
import { compareResourceVersions } from '../model/resource-version.js';
import {
  ANNOTATION_REFRESH,
  ANNOTATION_SKIP_RECONCILE,
  type Application,
  type ApplicationStatus,
} from '../model/index.js';
import type { ControllerShard } from '../controller/sharding/shard-directory.js';
import type { ApiContext } from './api-context.js';
import type { AppListSnapshot } from './app-list-snapshot.js';
import { listApplications } from './app-list.js';
import { eventScope } from './app-events.js';
import { badRequest, HttpError } from './http-error.js';
import { managedResources } from './managed-resources.js';
import { sourceRevisions } from './source-revisions.js';
import { resourceTree } from './resource-tree.js';
import { defineRoute, json, type QueryParam, type Route } from './route.js';
import { applicationList, applicationSchema } from './schemas.js';

/** How long GET ?refresh= waits for the controller's refresh (a hard refresh re-renders from Git). */
const REFRESH_WAIT_MS = 60_000;

export const LIST_QUERY: QueryParam[] = [
  { name: 'name', description: 'only these apps (repeatable)', repeated: true },
  {
    name: 'projects',
    description: 'only apps of these projects (repeatable or comma-separated)',
    repeated: true,
  },
  { name: 'selector', description: 'label selector, e.g. team=a,tier!=db' },
  { name: 'repo', description: 'only apps with a source in this repository' },
  { name: 'limit', description: 'page size (0 or absent: everything)', type: 'integer' },
  { name: 'continue', description: 'token from the previous page' },
  {
    name: 'fields',
    description:
      "only these dotted paths of the answer, comma-separated, as Argo CD's (e.g. items.metadata.name,items.status.sync.status)",
  },
];

export function appObjectCheck(api: ApiContext, action: string) {
  return {
    resource: 'applications',
    action,
    object: (i: { params: Readonly<Record<string, string>> }) => api.appObject(i.params.name ?? ''),
  };
}

export function appReadRoutes(api: ApiContext, snapshot: AppListSnapshot): Route[] {
  const { read, writer } = api;
  /** The app with the controller replica that owns it (`status.controllerShard`, Driftless's) when replicas shard. */
  const withShard = async (app: Application): Promise<Application> => {
    const controllerShard = await read.controllerShard(app);
    if (!controllerShard) return app;
    const status: ApplicationStatus & { controllerShard: ControllerShard } = {
      ...app.status,
      controllerShard,
    };
    return { ...app, status };
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications',
      summary: 'List applications the caller may get',
      tag: 'Applications',
      auth: 'user',
      rbac: { resource: 'applications', action: 'get' },
      query: LIST_QUERY,
      response: applicationList,
      async handler({ query, can, principal }) {
        return listApplications(snapshot, query, can, {
          subjects: principal?.subjects ?? [],
          policy: api.enforcer(),
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}',
      summary:
        'Get an application; ?refresh=normal|hard refreshes it first and answers when the refresh shows (60 s at most)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: [{ name: 'refresh', description: 'normal or hard' }],
      response: applicationSchema,
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const refresh = query.get('refresh');
        if (refresh === null || refresh === '') return json(await withShard(app));
        if (refresh !== 'normal' && refresh !== 'hard')
          throw badRequest(`refresh must be normal or hard, got "${refresh}"`);
        const patched = api.wrote(
          await writer.patch<Application>('Application', app.metadata.name, {
            metadata: { annotations: { [ANNOTATION_REFRESH]: refresh } },
          }),
        );
        // As Argo CD: answer once the controller has refreshed (it removes the annotation after writing
        // status), within a bound; past it, the app as it is then.
        const rv = patched.metadata.resourceVersion;
        const done = (a: Application) =>
          a.metadata.annotations?.[ANNOTATION_REFRESH] === undefined &&
          (compareResourceVersions(a.metadata.resourceVersion, rv) ?? 1) > 0;
        if (app.metadata.annotations?.[ANNOTATION_SKIP_RECONCILE] !== 'true')
          await read.apps.until(app.metadata.name, done, REFRESH_WAIT_MS);
        return json(await withShard(await api.app(app.metadata.name)));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/resource-tree',
      summary: 'Live objects of the app and their children (ownerReferences), with health',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      async handler({ params }) {
        return json(resourceTree(read, await api.app(params.name ?? '')));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/managed-resources',
      summary: 'Live, desired and diff per resource (Secret values masked)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      async handler({ params }) {
        return json(await managedResources(read, await api.app(params.name ?? '')));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/manifests',
      summary: 'Rendered manifests at the target (or a given) revision, Secret values masked',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: [
        {
          name: 'revision',
          description: 'branch, tag or commit (default: targetRevision); single-source apps',
        },
        {
          name: 'sourcePositions',
          description: 'multi-source apps: 1-based positions of the sources that `revisions` pins, in order',
          type: 'integer',
          repeated: true,
        },
        { name: 'revisions', description: 'the revision for each of sourcePositions', repeated: true },
      ],
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const at = sourceRevisions(app, query);
        const t0 = performance.now();
        const m = await read.manifests(app, at);
        api.metrics.renderDuration.observe((performance.now() - t0) / 1000);
        if (!m.ok) throw new HttpError(409, `cannot render ${app.metadata.name}: ${m.condition.message}`);
        return json({
          manifests: m.desired.map((o) => JSON.stringify(maskSecrets(o))),
          revision: m.revision,
          ...(m.revisions ? { revisions: m.revisions } : {}),
          sourceType: m.sourceType,
          namespace: m.destinationNamespace,
          server: app.spec.destination.server ?? '',
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/events',
      summary:
        'Kubernetes events of the app (or of one of its resources with resourceName/resourceNamespace/resourceUID)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: [
        { name: 'resourceName', description: 'events of this resource instead of the app' },
        { name: 'resourceNamespace', description: 'its namespace' },
        { name: 'resourceUID', description: 'its uid' },
      ],
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        // Events are not cached (they churn); this one view lists them from the API server.
        const { namespace, fieldSelector } = eventScope(read, app, query);
        const items = await read.events({ namespace: namespace || undefined, fieldSelector });
        return json({ metadata: {}, items });
      },
    }),
  ];
}
