// Finding one resource of an app's tree for a write (action, delete, patch) and making an action's changes.
import type { ActionChange } from '../actions/index.js';
import { mergePatch } from '../controller/merge-patch.js';
import { splitApiVersion, type Application, type KubeObject } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { nodeOfApp, type TreeLookup } from './app-resource-routes.js';
import { badRequest, HttpError, notFound } from './http-error.js';
import type { ClusterResources } from './ports.js';
import { resourceTree } from './resource-tree.js';
import type { QueryParam } from './route.js';

export const RESOURCE_QUERY: QueryParam[] = [
  { name: 'resourceName', description: 'object name (required)' },
  { name: 'kind', description: 'object kind (required)' },
  { name: 'namespace', description: 'object namespace (empty: cluster-scoped)' },
  { name: 'group', description: 'API group (empty: core)' },
  { name: 'version', description: 'API version (informational)' },
];

export interface TargetResource {
  want: TreeLookup;
  label: string;
  /** The app's destination cluster, where the resource lives. */
  cluster: ClusterResources;
}

/** The app's destination cluster for day-2 work, or a 503 saying why this server cannot reach it now. */
export function clusterOf(api: ApiContext, app: Application): ClusterResources {
  const c = api.resources.of(app);
  if ('error' in c)
    throw new HttpError(
      503,
      `cannot reach the destination cluster of application ${app.metadata.name}: ${c.error}`,
      'check the cluster with `driftless cluster get SERVER`, then retry',
    );
  return c;
}

export function lookupOf(q: URLSearchParams): TreeLookup {
  const want = {
    group: q.get('group') ?? '',
    kind: q.get('kind') ?? '',
    namespace: q.get('namespace') ?? '',
    name: q.get('resourceName') ?? '',
  };
  if (!want.kind || !want.name) throw badRequest('resourceName and kind are required');
  return want;
}

export function labelOf(r: { kind: string; namespace?: string | undefined; name: string }): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** The resource `want` if it is part of the app's tree: only those may be changed through the app. */
export async function targetOf(api: ApiContext, app: Application, want: TreeLookup): Promise<TargetResource> {
  const label = labelOf(want);
  if (!nodeOfApp(resourceTree(api.read, app).nodes, want))
    throw notFound(`${label} is not part of application ${app.metadata.name}`);
  const cluster = clusterOf(api, app);
  if (!(await cluster.served(want.group, want.kind)))
    throw notFound(
      `cluster ${cluster.cluster} does not serve ${want.group ? `${want.kind}.${want.group}` : want.kind}`,
    );
  return { want, label, cluster };
}

/** Patches the object an action changed (a merge patch of what differs) and creates what it made. */
export async function applyChanges(
  cluster: ClusterResources,
  live: KubeObject,
  changes: ActionChange[],
): Promise<void> {
  for (const c of changes) {
    const { group, version } = splitApiVersion(c.resource.apiVersion);
    if (c.operation === 'patch') {
      const patch = mergePatch(live, c.resource);
      if (patch === undefined) continue;
      const key = {
        group,
        kind: live.kind,
        namespace: live.metadata.namespace ?? '',
        name: live.metadata.name ?? '',
      };
      await cluster.patch(key, patch, 'merge');
    } else {
      if (!(await cluster.served(group, c.resource.kind, version)))
        throw badRequest(
          `the action made a ${c.resource.kind} in ${c.resource.apiVersion}, which cluster ${cluster.cluster} does not serve`,
        );
      await cluster.create(c.resource, live.metadata.namespace ?? '');
    }
  }
}
