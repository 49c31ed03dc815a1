// ApplicationSet routes (Argo CD's shapes): list, get, create (upsert), delete, and generate (a dry run).
import { isAlreadyExists, isNotFound } from '../model/api-error.js';
import {
  API_GROUP,
  API_VERSION,
  isOwnedByAppSet,
  type Application,
  type ApplicationSet,
} from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { badRequest, conflict, notFound } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { appSetCreate, appSetGenerate } from './schemas.js';

/** Runs an ApplicationSet's generators and templates without writing anything (filled in by the composition root). */
export type AppSetPreview = (set: ApplicationSet) => Promise<Application[]>;

/** RBAC object of an ApplicationSet: `<project of its template>/<name>`, as Argo CD checks it. */
export function appSetObject(set: ApplicationSet): string {
  return `${set.spec?.template?.spec?.project || 'default'}/${set.metadata.name ?? ''}`;
}

export function appSetRoutes(api: ApiContext, preview: AppSetPreview | undefined): Route[] {
  const { read, writer } = api;
  const ns = read.namespace;
  const list = () => read.list(API_GROUP, 'ApplicationSet', ns) as ApplicationSet[];
  const get = async (name: string): Promise<ApplicationSet> => {
    const cached = read.get({ group: API_GROUP, kind: 'ApplicationSet', namespace: ns, name });
    if (cached) return cached as ApplicationSet;
    try {
      return await writer.get<ApplicationSet>('ApplicationSet', name);
    } catch (e) {
      if (isNotFound(e)) throw notFound(`applicationset ${name} not found in namespace ${ns}`);
      throw e;
    }
  };
  const normalize = (raw: unknown): ApplicationSet => {
    const set = structuredClone(raw) as ApplicationSet;
    set.apiVersion = API_VERSION;
    set.kind = 'ApplicationSet';
    set.metadata.namespace = ns;
    if (!set.metadata.name) throw badRequest('applicationset metadata.name is required');
    return set;
  };
  const byName = async ({ params }: { params: Readonly<Record<string, string>> }) =>
    appSetObject(await get(params['name'] ?? ''));
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/applicationsets',
      summary: 'List ApplicationSets the caller may get',
      tag: 'ApplicationSets',
      auth: 'user',
      rbac: { resource: 'applicationsets', action: 'get' },
      async handler({ can }) {
        const items = list()
          .filter((s) => can('applicationsets', 'get', appSetObject(s)))
          .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
        return json({ metadata: {}, items });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applicationsets/{name}',
      summary: 'Get an ApplicationSet',
      tag: 'ApplicationSets',
      auth: 'user',
      rbac: { resource: 'applicationsets', action: 'get', object: byName },
      async handler({ params }) {
        return json(await get(params['name'] ?? ''));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applicationsets/{name}/applications',
      summary: 'The Applications an ApplicationSet owns',
      tag: 'ApplicationSets',
      auth: 'user',
      rbac: { resource: 'applicationsets', action: 'get', object: byName },
      async handler({ params }) {
        const set = await get(params['name'] ?? '');
        const items = read.apps.list().filter((a) => isOwnedByAppSet(a, set));
        return json({
          metadata: {},
          items: items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/applicationsets',
      summary: 'Create an ApplicationSet (body: the ApplicationSet; ?upsert=true replaces one that exists)',
      tag: 'ApplicationSets',
      auth: 'user',
      query: [
        { name: 'upsert', type: 'boolean', description: 'replace an existing ApplicationSet of that name' },
      ],
      rbac: {
        resource: 'applicationsets',
        action: 'create',
        object: ({ body }) => appSetObject(body as ApplicationSet),
      },
      body: appSetCreate,
      async handler({ body, query, require }) {
        const set = normalize(body);
        try {
          return json(await writer.create('ApplicationSet', set));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          if (query.get('upsert') !== 'true')
            throw conflict(
              `applicationset ${set.metadata.name ?? ''} already exists`,
              'use upsert to replace it',
            );
          require('applicationsets', 'update', appSetObject(set));
          const live = await get(set.metadata.name ?? '');
          set.metadata.resourceVersion = live.metadata.resourceVersion ?? '';
          return json(await writer.replace('ApplicationSet', set));
        }
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/applicationsets/{name}',
      summary: 'Delete an ApplicationSet (its Applications go with it through their owner reference)',
      tag: 'ApplicationSets',
      auth: 'user',
      rbac: { resource: 'applicationsets', action: 'delete', object: byName },
      async handler({ params }) {
        await writer.delete('ApplicationSet', params['name'] ?? '');
        return json({});
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/applicationsets/generate',
      summary: 'Dry run: the Applications an ApplicationSet spec would generate ({applicationSet})',
      tag: 'ApplicationSets',
      auth: 'user',
      rbac: {
        resource: 'applicationsets',
        action: 'create',
        object: ({ body }) => appSetObject((body as { applicationSet: ApplicationSet }).applicationSet),
      },
      body: appSetGenerate,
      async handler({ body }) {
        if (!preview) throw badRequest('this server does not run the ApplicationSet controller');
        const set = normalize(body.applicationSet);
        try {
          return json({ applications: await preview(set) });
        } catch (e) {
          throw badRequest(`cannot generate applications: ${(e as Error).message}`);
        }
      },
    }),
  ];
}
