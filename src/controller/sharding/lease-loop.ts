// What the Lease worker does every round (a second): renew this replica's Lease when due (every quarter
// lease), read all shard Leases, and report the live members and its renewals to the main thread
// (docs/sharding.md, ADR 0043, ADR 0050).
import { errorMessage } from '../../common/errors.js';
import type { Timers } from '../../common/timers.js';
import { isNotFound } from '../../kube/api-error.js';
import { resourcePath } from '../../kube/api-resource.js';
import type { KubeClient, KubeList } from '../../kube/client.js';
import type { ClusterConnection } from '../../kube/connection.js';
import {
  LEASE_RESOURCE,
  leaseIndex,
  leaseName,
  SHARD_BY_ANNOTATION,
  SHARD_INDEX_ANNOTATION,
  SHARD_LEASE_LABEL,
  type LeaseObject,
  type ShardingConfig,
} from './lease-object.js';
import { Membership } from './membership.js';
import { leasePeriods, Renewals, type LeasePeriods } from './renewals.js';
import type { LeaseReport, LeaseWord } from './shard-state.js';

/** A warning for the main thread's log (the worker has no logger of its own). */
export interface LoopWarning {
  message: string;
  fields: Record<string, string>;
}

const microTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

export class LeaseLoop {
  private readonly membership = new Membership();
  private readonly renewals: Renewals;
  readonly periods: LeasePeriods;
  private readonly name: string;
  /** When the last successful read of the Leases was requested. */
  private lastRead = -Infinity;
  private lastIndices: [string, number][] = [];
  private version = 0;
  private reported = '';

  constructor(
    private readonly deps: {
      client: KubeClient;
      namespace: string;
      config: ShardingConfig;
      timers: Timers;
      warn: (w: LoopWarning) => void;
    },
  ) {
    this.renewals = new Renewals(deps.config.leaseDurationMs);
    this.periods = leasePeriods(deps.config.leaseDurationMs);
    this.name = leaseName(deps.config.id);
  }

  /** Renews (throwing when the renewal fails), then reads the Leases; for the first round. */
  async first(): Promise<void> {
    await this.renew();
    await this.read();
  }

  /** One round: renew when due, read; failures are warnings and show in the word's times. */
  async round(): Promise<void> {
    if (this.renewals.due(this.deps.timers.now(), this.periods.renewMs))
      await this.renew().catch((e: unknown) =>
        this.deps.warn({
          message: 'renewing the shard Lease failed',
          fields: { lease: this.name, error: errorMessage(e) },
        }),
      );
    await this.read();
  }

  /** The times and version, for the shared memory the main thread reads. */
  word(): LeaseWord {
    return {
      version: this.version,
      renewedAt: this.renewals.renewedAt,
      observedAt: Number.isFinite(this.lastRead) ? this.lastRead : undefined,
    };
  }

  /** Deletes the Lease, so the others take this replica's apps at once. */
  async release(): Promise<void> {
    await this.deps.client
      .delete(LEASE_RESOURCE, this.name, { namespace: this.deps.namespace })
      .catch((e: unknown) => {
        if (!isNotFound(e))
          this.deps.warn({ message: 'deleting the shard Lease failed', fields: { error: errorMessage(e) } });
      });
  }

  /** The members as of the last successful read and the run of renewals; a new version when they changed. */
  report(): LeaseReport {
    const self = this.deps.config.id;
    const others = this.membership.alive(this.deps.timers.now()).filter((m) => m !== self);
    const runSince = this.renewals.runSince;
    const key = JSON.stringify([others, this.lastIndices, runSince]);
    if (key !== this.reported) {
      this.reported = key;
      this.version++;
    }
    return { version: this.version, runSince, others, indices: this.lastIndices };
  }

  private async read(): Promise<void> {
    const { client, namespace, timers, config } = this.deps;
    const observedAt = timers.now();
    let list: KubeList<LeaseObject>;
    try {
      list = await client.request<KubeList<LeaseObject>>({
        method: 'GET',
        path: resourcePath(LEASE_RESOURCE, { namespace }),
        query: { labelSelector: `${SHARD_LEASE_LABEL}=true` },
        signal: AbortSignal.timeout(config.leaseDurationMs),
      });
    } catch (e) {
      this.deps.warn({ message: 'listing the shard Leases failed', fields: { error: errorMessage(e) } });
      // The members are as old as the last successful read: the main thread judges that by observedAt.
      return;
    }
    this.lastRead = observedAt;
    const indices: [string, number][] = [];
    for (const l of list.items) {
      const index = leaseIndex(l.metadata.annotations);
      if (l.spec?.holderIdentity && index !== undefined) indices.push([l.spec.holderIdentity, index]);
    }
    this.membership.observe(
      list.items.flatMap((l) =>
        l.spec?.holderIdentity
          ? [
              {
                holder: l.spec.holderIdentity,
                version: l.metadata.resourceVersion ?? '',
                durationMs: (l.spec.leaseDurationSeconds ?? 15) * 1000,
              },
            ]
          : [],
      ),
      timers.now(),
    );
    this.lastIndices = indices;
  }

  private async renew(): Promise<void> {
    const { client, namespace, timers, config } = this.deps;
    const sentAt = timers.now();
    this.renewals.sending(sentAt);
    const spec = {
      holderIdentity: config.id,
      leaseDurationSeconds: Math.max(1, Math.ceil(config.leaseDurationMs / 1000)),
      renewTime: microTime(sentAt),
    };
    const annotations: Record<string, string> = { [SHARD_BY_ANNOTATION]: config.by };
    if (config.index !== undefined) annotations[SHARD_INDEX_ANNOTATION] = String(config.index);
    // A renewal answered after a lease duration is worth nothing: give up on it then.
    const signal = AbortSignal.timeout(config.leaseDurationMs);
    try {
      await client.request({
        method: 'PATCH',
        path: resourcePath(LEASE_RESOURCE, { namespace, name: this.name }),
        body: { metadata: { annotations }, spec },
        contentType: 'application/merge-patch+json',
        signal,
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const lease: LeaseObject = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.name, namespace, labels: { [SHARD_LEASE_LABEL]: 'true' }, annotations },
        spec: { ...spec, acquireTime: spec.renewTime },
      };
      // Created by someone else meanwhile (AlreadyExists): not renewed by us; the next round patches it.
      await client.request({
        method: 'POST',
        path: resourcePath(LEASE_RESOURCE, { namespace }),
        body: lease,
        signal,
      });
    }
    this.renewals.succeeded(sentAt, timers.now());
  }
}

/** What the main thread hands the worker. */
export interface LeaseWorkerData {
  /** The API server and credentials (Buffers arrive as Uint8Arrays). */
  connection: ClusterConnection;
  namespace: string;
  config: ShardingConfig;
  /** The LeaseWord as shared memory (see sharedWord), written by the worker, read by the main thread. */
  word: SharedArrayBuffer;
}

/** The LeaseWord in shared memory: version, renewedAt, observedAt as 64-bit integers (-1: none). */
export class SharedWord {
  private readonly cells: BigInt64Array;
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(3 * 8)) {
    this.cells = new BigInt64Array(buffer);
  }
  write(w: LeaseWord): void {
    // Times before the version: a reader seeing the new version also sees the times that came with it.
    Atomics.store(this.cells, 1, BigInt(w.renewedAt ?? -1));
    Atomics.store(this.cells, 2, BigInt(w.observedAt ?? -1));
    Atomics.store(this.cells, 0, BigInt(w.version));
  }
  read(): LeaseWord {
    const at = (i: number) => {
      const v = Number(Atomics.load(this.cells, i));
      return v < 0 ? undefined : v;
    };
    return { version: at(0) ?? 0, renewedAt: at(1), observedAt: at(2) };
  }
}

/** Main thread → worker. */
export type ToLeaseWorker = { type: 'stop' };

/** Worker → main thread. */
export type FromLeaseWorker =
  /** A new version of the members (the times are in the shared word). */
  | { type: 'report'; report: LeaseReport }
  | { type: 'warn'; warning: LoopWarning }
  /** The first renewal failed: the replica cannot hold a Lease. */
  | { type: 'failed'; error: string }
  | { type: 'stopped' };
