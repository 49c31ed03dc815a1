// The shard Lease as stored in the control namespace: its resource, label, annotations and what a
// reader takes from it (docs/sharding.md).
import type { ApiResource } from '../../kube/api-resource.js';
import type { KubeObject } from '../../model/index.js';
import type { ShardKey } from './assign.js';

export const LEASE_RESOURCE: ApiResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  resource: 'leases',
  namespaced: true,
  verbs: ['create', 'get', 'list', 'patch', 'delete'],
};
export const SHARD_LEASE_LABEL = 'driftless.dev/controller-shard';
/** The replica's shard index (controller.shard, else its StatefulSet ordinal), for clusters pinned by `shard`. */
export const SHARD_INDEX_ANNOTATION = 'driftless.dev/shard-index';
/** What the replica hashes by (`app` or `cluster`), so readers of the Leases place apps as it does. */
export const SHARD_BY_ANNOTATION = 'driftless.dev/shard-by';

export interface ShardingConfig {
  /** This replica's identity: the Pod name (a StatefulSet ordinal) or --controller-id. */
  id: string;
  by: ShardKey;
  leaseDurationMs: number;
  /** Its shard index: the apps of clusters whose Secret says `shard: "<index>"` are its own. */
  index?: number | undefined;
}

export interface LeaseObject extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string };
}

/** A shard index from a Lease annotation; anything but a whole number is no index. */
export function leaseIndex(annotations: Record<string, string> | undefined): number | undefined {
  const v = annotations?.[SHARD_INDEX_ANNOTATION];
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/** The Lease's name for a replica id (a DNS subdomain). */
export function leaseName(id: string): string {
  return `driftless-controller-${id}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}
