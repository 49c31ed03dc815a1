// Per-app detail routes the UI needs: the live manifest of one object of the app's tree, and a commit's metadata.
import { maskSecrets } from '../diff/index.js';
import type { Application, ApplicationSource, KubeObject } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { badRequest, notFound } from './http-error.js';
import { resourceTree, type ResourceNode } from './resource-tree.js';
import { defineRoute, json, type Route } from './route.js';
import { manifestResponse, revisionMetadataResponse } from './schemas.js';
import { withSourceErrors } from './source-errors.js';

/** A full commit SHA (SHA-1 or SHA-256), lower case: nothing else reaches git. */
const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export interface TreeLookup {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** The node of the app's tree that is `want`; only these may be read through the app (RBAC is per app). */
export function nodeOfApp(nodes: readonly ResourceNode[], want: TreeLookup): ResourceNode | undefined {
  return nodes.find(
    (n) =>
      n.group === want.group &&
      n.kind === want.kind &&
      n.namespace === want.namespace &&
      n.name === want.name,
  );
}

/** What a view never needs and Argo CD's UI hides: managedFields. */
function withoutManagedFields(o: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** The app's Git source: `spec.source`, or `spec.sources[sourceIndex]` of a multi-source app. */
export function gitSourceOf(app: Application, sourceIndex: string | null): ApplicationSource {
  const index = sourceIndex ? Number(sourceIndex) : 0;
  if (!Number.isInteger(index) || index < 0) throw badRequest(`sourceIndex must be a whole number >= 0`);
  const source = app.spec.source ?? app.spec.sources?.[index];
  if (!source) throw notFound(`application ${app.metadata.name} has no source ${index}`);
  if (source.chart)
    throw badRequest(
      `the source of ${app.metadata.name} is the Helm chart ${source.chart}, not a Git repository`,
      'revision metadata exists for Git sources only',
    );
  return source;
}

export function appResourceRoutes(api: ApiContext): Route[] {
  const { read } = api;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/resource',
      summary: 'Live manifest of one object of the app’s resource tree (Secret values masked)',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: [
        { name: 'resourceName', description: 'object name (required)' },
        { name: 'kind', description: 'object kind (required)' },
        { name: 'namespace', description: 'object namespace (empty: cluster-scoped)' },
        { name: 'group', description: 'API group (empty: core)' },
        { name: 'version', description: 'API version (informational)' },
      ],
      response: manifestResponse,
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const want: TreeLookup = {
          group: query.get('group') ?? '',
          kind: query.get('kind') ?? '',
          namespace: query.get('namespace') ?? '',
          name: query.get('resourceName') ?? '',
        };
        if (!want.kind || !want.name) throw badRequest('resourceName and kind are required');
        const label = `${want.kind} ${want.namespace ? `${want.namespace}/` : ''}${want.name}`;
        if (!nodeOfApp(resourceTree(read, app).nodes, want))
          throw notFound(`${label} is not part of application ${app.metadata.name}`);
        const live = read.liveObject(app, want);
        if (!live) throw notFound(`${label} no longer exists`);
        return json({ manifest: JSON.stringify(maskSecrets(withoutManagedFields(live))) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/applications/{name}/revisions/{revision}/metadata',
      summary: 'Author, date, message and tags of a commit of the app’s Git source',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'get'),
      query: [
        { name: 'sourceIndex', description: 'which of spec.sources (multi-source apps)', type: 'integer' },
      ],
      response: revisionMetadataResponse,
      async handler({ params, query }) {
        const app = await api.app(params.name ?? '');
        const revision = (params.revision ?? '').toLowerCase();
        if (!FULL_SHA.test(revision))
          throw badRequest(
            `revision ${JSON.stringify(params.revision)} is not a commit SHA`,
            'pass the full SHA (40 or 64 hex digits) from the app’s history',
          );
        const source = gitSourceOf(app, query.get('sourceIndex'));
        return json(
          await withSourceErrors(() =>
            read.repo.revisionMetadata(source.repoURL, revision, { project: app.spec.project || 'default' }),
          ),
        );
      },
    }),
  ];
}
