// Clusters as Argo CD serves them (/api/v1/clusters): in-cluster plus cluster Secrets, with connection
// state, apps count and cache figures; add (connection tested first), update, remove, rotate-auth.
import { errorMessage } from '../common/errors.js';
import { parseConfig, type Cluster } from '../model/cluster-secret.js';
import type { ApiContext } from './api-context.js';
import { badRequest, conflict, notFound } from './http-error.js';
import { defineRoute, json, type Route, type RouteInput } from './route.js';
import { clusterWrite } from './schemas.js';
import { clusterObject, writeClusterSecret, type ClusterWrite } from './cluster-view.js';
import type { z } from 'zod';

type Body = z.infer<typeof clusterWrite>;

const ID_QUERY = [
  { name: 'id.type', description: '"url" (default) or "name": what the path names the cluster by' },
];

export function clusterRoutes(api: ApiContext): Route[] {
  const clusters = api.read.clusters;
  const find = (input: RouteInput): Cluster => {
    const id = input.params.server ?? '';
    const byName = input.query.get('id.type') === 'name';
    const c = byName ? clusters.byName(id)[0] : clusters.byServer(id);
    if (!c) throw notFound(`cluster ${id} not found`, 'list them with `driftless cluster list`');
    return c;
  };
  const view = (c: Cluster) => clusters.views([c])[0];
  const testConnection = async (c: ClusterWrite): Promise<void> => {
    try {
      await clusters.test({ ...c, inCluster: false });
    } catch (e) {
      const hint = (e as { hint?: string }).hint;
      throw badRequest(`cannot connect to cluster ${c.server}: ${errorMessage(e)}`, hint);
    }
  };
  const declared = (c: Cluster) => {
    if (!c.secretName)
      throw badRequest(
        `cluster ${c.name} is the implicit in-cluster entry`,
        'declare it with a cluster Secret first',
      );
    return c.secretName;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/clusters',
      summary: 'List clusters with connection state, apps count and cache figures (no credentials)',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'get' },
      query: [
        { name: 'server', description: 'only the cluster with this URL' },
        { name: 'name', description: 'only clusters with this name' },
      ],
      async handler({ can, query }) {
        const server = query.get('server');
        const name = query.get('name');
        const visible = clusters
          .list()
          .filter((c) => (!server || c.server === server.replace(/\/+$/, '')) && (!name || c.name === name))
          .filter((c) => can('clusters', 'get', clusterObject(c)));
        return json({ metadata: {}, items: clusters.views(visible) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/clusters/{server}',
      summary: 'Get a cluster by URL (URL-encoded) or, with id.type=name, by name',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'get' },
      query: ID_QUERY,
      async handler(input) {
        const c = find(input);
        input.require('clusters', 'get', clusterObject(c));
        const v = view(c);
        const owner = await clusters.controllerShard(c);
        return json(v && owner ? { ...v, info: { ...v.info, controllerShard: owner } } : v);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/clusters',
      summary: 'Add a cluster after testing its connection (?upsert=true replaces an existing one)',
      tag: 'Clusters',
      auth: 'user',
      rbac: {
        resource: 'clusters',
        action: 'create',
        object: ({ body }) => clusterObject(body as { server: string; project?: string }),
      },
      query: [{ name: 'upsert', description: 'true: replace if it exists', type: 'boolean' }],
      body: clusterWrite,
      async handler({ body, query }) {
        const write = toWrite(body);
        const existing = clusters.byServer(write.server);
        if (existing?.secretName && query.get('upsert') !== 'true')
          throw conflict(`cluster ${write.server} already exists`, 'use --upsert to replace it');
        await testConnection(write);
        await writeClusterSecret(api.writer, write, existing?.secretName);
        return json(view({ ...write, inCluster: false }));
      },
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/clusters/{server}',
      summary:
        'Update a cluster: name, labels, annotations, namespaces, project (credentials kept unless given)',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'update' },
      query: ID_QUERY,
      body: clusterWrite,
      async handler(input) {
        const c = find(input);
        input.require('clusters', 'update', clusterObject(c));
        const body = input.body as Body;
        const next = toWrite({ ...body, server: c.server });
        const merged: ClusterWrite = {
          ...next,
          config: body.config ? next.config : c.config,
          labels: body.labels ?? c.labels,
          annotations: body.annotations ?? c.annotations,
          namespaces: body.namespaces ?? c.namespaces,
          clusterResources: body.clusterResources ?? c.clusterResources,
          name: body.name ?? c.name,
          ...((body.project ?? c.project) ? { project: body.project ?? c.project ?? '' } : {}),
          ...shardOf(body.shard === undefined ? c.shard : body.shard),
        };
        if (body.config) await testConnection(merged);
        await writeClusterSecret(api.writer, merged, c.secretName);
        return json(view({ ...merged, inCluster: c.inCluster }));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/clusters/{server}',
      summary: 'Remove a cluster (its Secret); apps that deploy there report an invalid destination',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'delete' },
      query: ID_QUERY,
      async handler(input) {
        const c = find(input);
        input.require('clusters', 'delete', clusterObject(c));
        await api.writer.delete('Secret', declared(c));
        return json({});
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/clusters/{server}/rotate-auth',
      summary: 'Give argocd-manager a new token, store it, and delete the old token Secrets',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'update' },
      query: ID_QUERY,
      async handler(input) {
        const c = find(input);
        input.require('clusters', 'update', clusterObject(c));
        const secretName = declared(c);
        if (!c.config.bearerToken)
          throw badRequest(
            `cluster ${c.name} does not authenticate with a service-account token`,
            'only clusters added with `driftless cluster add` can rotate',
          );
        try {
          await clusters.rotateAuth(c, (token) =>
            writeClusterSecret(api.writer, { ...c, config: { ...c.config, bearerToken: token } }, secretName),
          );
        } catch (e) {
          throw badRequest(`cannot rotate the credentials of cluster ${c.name}: ${errorMessage(e)}`);
        }
        return json({});
      },
    }),
  ];
}

function toWrite(body: Body): ClusterWrite {
  const config = parseConfig(JSON.stringify(body.config ?? {}));
  if (typeof config === 'string') throw badRequest(`config ${config}`);
  const server = body.server.trim().replace(/\/+$/, '');
  const out: ClusterWrite = {
    server,
    name: body.name || server,
    config,
    namespaces: body.namespaces ?? [],
    clusterResources: body.clusterResources ?? false,
    labels: body.labels ?? {},
    annotations: body.annotations ?? {},
  };
  if (out.namespaces.length === 0) out.clusterResources = true;
  if (body.project) out.project = body.project;
  return { ...out, ...shardOf(body.shard) };
}

/** A shard pin as an optional field (null or absent: none). */
function shardOf(shard: number | null | undefined): { shard?: number } {
  return shard === null || shard === undefined ? {} : { shard };
}
