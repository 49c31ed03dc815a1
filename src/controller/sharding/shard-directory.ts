// Which controller replica owns an app or a cluster, as any process can tell from the shard Leases (the
// API server shows it): live replicas by renewTime on the reader's clock, their shard indices and
// hashing from the Leases' annotations, placed as the replicas place them (docs/sharding.md).
import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { Timers } from '../../common/timers.js';
import type { KubeClient } from '../../kube/client.js';
import type { Cluster } from '../../model/cluster-secret.js';
import { placement, placeOwner, type ShardedApp, type ShardKey } from './assign.js';
import {
  leaseIndex,
  LEASE_RESOURCE,
  SHARD_BY_ANNOTATION,
  SHARD_LEASE_LABEL,
  type LeaseObject,
} from './lease-object.js';
import type { Pins } from './membership.js';

/** The owner of an app (or of a cluster's apps) as the API reports it. */
export interface ControllerShard {
  /** The replica (its --controller-id, the Pod name in a StatefulSet). */
  replica: string;
  /** Its shard index (controller.shard or its StatefulSet ordinal), when it has one. */
  index?: number;
  /** Why this replica: the cluster's Secret pins it to the index, or hashing by app / by cluster. */
  placedBy: 'shard' | ShardKey;
  /** Live replicas sharing the apps. */
  replicas: number;
}

/** Live replicas, their indices, and what they hash by, at one moment. */
export interface ShardLayout {
  members: string[];
  indices: ReadonlyMap<string, number>;
  by: ShardKey;
}

/** The layout from the Leases: a Lease is live while its renewTime is within its duration of `now`. */
export function shardLayout(leases: readonly LeaseObject[], now: number): ShardLayout {
  const members: string[] = [];
  const indices = new Map<string, number>();
  let by: ShardKey = 'app';
  for (const l of leases) {
    const holder = l.spec?.holderIdentity;
    const renewed = Date.parse(l.spec?.renewTime ?? '');
    const durationMs = (l.spec?.leaseDurationSeconds ?? 15) * 1000;
    if (!holder || Number.isNaN(renewed) || now - renewed >= durationMs) continue;
    members.push(holder);
    const index = leaseIndex(l.metadata.annotations);
    if (index !== undefined) indices.set(holder, index);
    if (l.metadata.annotations?.[SHARD_BY_ANNOTATION] === 'cluster') by = 'cluster';
  }
  return { members: members.sort(), indices, by };
}

/** The owner of the app under the layout; undefined when no replica shares apps through Leases. */
export function shardOfApp(layout: ShardLayout, app: ShardedApp, pins: Pins): ControllerShard | undefined {
  const p = placement(layout.by, app);
  const replica = placeOwner(layout.members, (m) => layout.indices.get(m), p, pins);
  if (replica === undefined) return undefined;
  const index = layout.indices.get(replica);
  const pin = p.server === undefined ? undefined : pins.get(p.server);
  return {
    replica,
    ...(index !== undefined ? { index } : {}),
    placedBy: pin !== undefined && pin === index ? 'shard' : layout.by,
    replicas: layout.members.length,
  };
}

/** The owner of a cluster's apps: only meaningful when it is pinned or apps are placed by cluster. */
export function shardOfCluster(layout: ShardLayout, cluster: Cluster): ControllerShard | undefined {
  if (cluster.shard === undefined && layout.by !== 'cluster') return undefined;
  const pins = new Map(cluster.shard === undefined ? [] : [[cluster.server, cluster.shard]]);
  return shardOfApp(layout, { namespace: '', name: '', server: cluster.server }, pins);
}

/** Cluster URL → shard index, for the clusters whose Secret sets Argo CD's `shard`. */
export function clusterPins(clusters: readonly Cluster[]): Map<string, number> {
  return new Map(clusters.flatMap((c) => (c.shard === undefined ? [] : [[c.server, c.shard] as const])));
}

/** Reads the shard Leases for the API, at most once every two seconds. */
export class ShardDirectory {
  private cached: { at: number; layout: Promise<ShardLayout> } | undefined;
  private warned = false;

  constructor(
    private readonly deps: { client: KubeClient; namespace: string; timers: Timers; log: Logger },
  ) {}

  layout(): Promise<ShardLayout> {
    const now = this.deps.timers.now();
    if (!this.cached || now - this.cached.at >= 2_000) this.cached = { at: now, layout: this.read() };
    return this.cached.layout;
  }

  private async read(): Promise<ShardLayout> {
    try {
      const list = await this.deps.client.list<LeaseObject>(LEASE_RESOURCE, {
        namespace: this.deps.namespace,
        labelSelector: `${SHARD_LEASE_LABEL}=true`,
      });
      return shardLayout(list.items, this.deps.timers.now());
    } catch (e) {
      // Display only: without Lease access the API shows no owner, and says why once.
      if (!this.warned)
        this.deps.log.warn('cannot read the controller shard Leases; the API shows no shard owner', {
          error: errorMessage(e),
          hint: `the API server's ServiceAccount needs list on leases.coordination.k8s.io in ${this.deps.namespace}`,
        });
      this.warned = true;
      return { members: [], indices: new Map(), by: 'app' };
    }
  }
}
