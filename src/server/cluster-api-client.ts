// The cluster calls of the API client (/api/v1/clusters), for the CLI and tests.
import type { z } from 'zod';
import type { ApiClient } from './api-client.js';
import type { ClusterView } from './cluster-view.js';
import type { clusterWrite } from './schemas.js';

export type ClusterInput = z.input<typeof clusterWrite>;

/** By URL, or with `byName` by name (Argo CD's id.type=name). */
export interface ClusterId {
  id: string;
  byName?: boolean;
}

export function clusterApi(client: ApiClient) {
  const path = (c: ClusterId, suffix = '') => `/api/v1/clusters/${encodeURIComponent(c.id)}${suffix}`;
  const query = (c: ClusterId) => ({ 'id.type': c.byName ? 'name' : undefined });
  return {
    list: () => client.request<{ items: ClusterView[] }>('GET', '/api/v1/clusters'),
    get: (c: ClusterId) => client.request<ClusterView>('GET', path(c), { query: query(c) }),
    create: (body: ClusterInput, upsert = false) =>
      client.request<ClusterView>('POST', '/api/v1/clusters', {
        query: { upsert: upsert || undefined },
        body,
      }),
    update: (c: ClusterId, body: ClusterInput) =>
      client.request<ClusterView>('PUT', path(c), { query: query(c), body }),
    remove: (c: ClusterId) => client.request<object>('DELETE', path(c), { query: query(c) }),
    rotateAuth: (c: ClusterId) =>
      client.request<object>('POST', path(c, '/rotate-auth'), { query: query(c) }),
  };
}
