// Clusters: the one Driftless runs against (in-cluster) plus declared cluster Secrets, without their credentials.
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER, LABEL_SECRET_TYPE } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { defineRoute, json, type Route } from './route.js';

export function clusterRoutes(api: ApiContext): Route[] {
  const { read } = api;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/clusters',
      summary: 'List clusters (no credentials)',
      tag: 'Clusters',
      auth: 'user',
      rbac: { resource: 'clusters', action: 'get' },
      async handler({ can }) {
        const version = await read.serverVersion().catch(() => undefined);
        // Argo CD sends serverVersion and connectionState both at the top (deprecated) and under info.
        const inCluster = { status: version ? 'Successful' : 'Failed', message: '' };
        const items = [
          {
            server: IN_CLUSTER_SERVER,
            name: IN_CLUSTER_NAME,
            config: {},
            serverVersion: version?.gitVersion ?? '',
            connectionState: inCluster,
            info: {
              serverVersion: version?.gitVersion ?? '',
              connectionState: inCluster,
              applicationsCount: read.apps.list().length,
            },
          },
        ];
        for (const s of read.list('', 'Secret', read.namespace)) {
          if (s.metadata.labels?.[LABEL_SECRET_TYPE] !== 'cluster') continue;
          const d = (s.data ?? {}) as Record<string, string>;
          const read = (k: string) => Buffer.from(d[k] ?? '', 'base64').toString('utf8');
          const state = {
            status: 'Unknown',
            message: 'Driftless manages only the cluster it runs against for now',
          };
          items.push({
            server: read('server'),
            name: read('name'),
            config: {},
            serverVersion: '',
            connectionState: state,
            info: { serverVersion: '', connectionState: state, applicationsCount: 0 },
          });
        }
        return json({ metadata: {}, items: items.filter((c) => can('clusters', 'get', c.server)) });
      },
    }),
  ];
}
