// Clusters as Argo CD's API returns them (no credentials), with connection state and cache figures;
// and the cluster Secrets the API writes, named and shaped as `argocd cluster add` writes them.
import { createHash } from 'node:crypto';
import type { AppWriter } from './ports.js';
import type { ControllerShard } from '../controller/sharding/shard-directory.js';
import { writeLabelledSecret } from './secret-writes.js';
import { clusterSecretData, type Cluster, type ClusterConfig } from '../model/cluster-secret.js';

export interface ClusterConnectionView {
  status: 'Successful' | 'Failed' | 'Unknown';
  message: string;
  attemptedAt?: string;
}

/** Argo CD's v1alpha1.Cluster, with `config` stripped to what is not secret. */
export interface ClusterView {
  server: string;
  name: string;
  config: { tlsClientConfig: { insecure: boolean; serverName?: string }; proxyUrl?: string; exec?: boolean };
  namespaces?: string[];
  clusterResources?: boolean;
  project?: string;
  /** Argo CD's `shard`: the controller shard index the cluster's Secret pins it to. */
  shard?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  connectionState: ClusterConnectionView;
  serverVersion: string;
  info: {
    connectionState: ClusterConnectionView;
    serverVersion: string;
    applicationsCount: number;
    cacheInfo: { resourcesCount: number; apisCount: number; lastCacheSyncTime?: string };
    /** The controller replica that owns the cluster's apps (GET of one cluster, when pinned or placed by cluster). */
    controllerShard?: ControllerShard;
  };
}

/** The RBAC object of a cluster: `<project>/<server>` for a project-scoped one, else the server. */
export function clusterObject(c: Pick<Cluster, 'server' | 'project'>): string {
  return c.project ? `${c.project}/${c.server}` : c.server;
}

/** Argo CD's naming: `cluster-<host>-<hash of the server URL>`. */
export function clusterSecretName(server: string): string {
  const host = (() => {
    try {
      return new URL(server).hostname.replace(/[^a-z0-9.-]/gi, '-').toLowerCase();
    } catch {
      return 'server';
    }
  })();
  const hash = createHash('sha256').update(server).digest('hex').slice(0, 10);
  return `cluster-${host}-${hash}`.slice(0, 253);
}

export interface ClusterWrite {
  name: string;
  server: string;
  config: ClusterConfig;
  namespaces: string[];
  clusterResources: boolean;
  project?: string;
  shard?: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Creates the cluster Secret, or replaces the one named `existing` (data wholesale: removed fields go). */
export async function writeClusterSecret(
  writer: AppWriter,
  c: ClusterWrite,
  existing?: string,
): Promise<void> {
  await writeLabelledSecret(writer, {
    name: existing ?? clusterSecretName(c.server),
    secretType: 'cluster',
    labels: c.labels,
    annotations: c.annotations,
    stringData: clusterSecretData(c),
  });
}
