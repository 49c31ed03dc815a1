// This replica's shard of the applications: it renews its own coordination.k8s.io/v1 Lease, reads the
// others' to know the live members, and answers "do I own this app now?" (ADR 0028, docs/sharding.md).
import { AbortError, errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { Timers } from '../../common/timers.js';
import { isAlreadyExists, isNotFound } from '../../kube/api-error.js';
import type { ApiResource } from '../../kube/api-resource.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../model/index.js';
import { appShardKey, ownerOf, type ShardKey } from './assign.js';
import { Membership, ShardView } from './membership.js';

const LEASE: ApiResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  resource: 'leases',
  namespaced: true,
  verbs: ['create', 'get', 'list', 'patch', 'delete'],
};
export const SHARD_LEASE_LABEL = 'driftless.dev/controller-shard';

export interface ShardingConfig {
  /** This replica's identity: the Pod name (a StatefulSet ordinal) or --controller-id. */
  id: string;
  by: ShardKey;
  leaseDurationMs: number;
}

interface LeaseObject extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string };
}

export interface LeaseShardsDeps {
  client: KubeClient;
  namespace: string;
  config: ShardingConfig;
  timers: Timers;
  log: Logger;
  /** The members changed, a grace ended, or this replica fenced itself: re-check which apps it owns. */
  onChange: () => void;
}

/** What hashing reads of an app (an Application's metadata and destination). */
export type ShardedApp = Parameters<typeof appShardKey>[1];

/** An Application as hashing sees it. */
export function shardedApp(app: {
  metadata: { name: string; namespace?: string | undefined };
  spec?: { destination?: { server?: string; name?: string } | undefined };
}): ShardedApp {
  return {
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    destination: app.spec?.destination,
  };
}

const microTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

export class LeaseShards {
  private readonly membership = new Membership();
  private view: ShardView | undefined;
  private lastRenew = -Infinity;
  private timer: unknown;
  private settleTimer: unknown;
  private stopped = false;
  private readonly renewMs: number;
  /** Stop acting this long after the last successful renewal: before anyone could see the Lease expire. */
  private readonly fenceMs: number;
  private readonly leaseName: string;

  constructor(private readonly deps: LeaseShardsDeps) {
    const d = deps.config.leaseDurationMs;
    this.renewMs = Math.max(200, Math.floor(d / 4));
    this.fenceMs = Math.floor((d * 2) / 3);
    this.leaseName = `driftless-controller-${deps.config.id}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  }

  get id(): string {
    return this.deps.config.id;
  }

  /** Live members as this replica sees them (itself included unless fenced). */
  members(): readonly string[] {
    return this.fenced() ? [] : (this.view?.members ?? []);
  }

  /** Takes its Lease and reads the members; the apps it owns are known when this resolves. */
  async start(): Promise<void> {
    // A replica that cannot hold a Lease would silently own nothing: refuse to start instead.
    await this.renew().catch((e: unknown) => {
      throw new AbortError(`controller replica ${this.id} cannot take its shard Lease: ${errorMessage(e)}`, {
        hint: `the controller's ServiceAccount needs create, get, list, patch and delete on leases.coordination.k8s.io in ${this.deps.namespace} (the install's Role driftless-application-controller)`,
        cause: e,
      });
    });
    await this.tick();
    this.schedule();
  }

  /** Whether this replica may reconcile and sync the app now. */
  owns(app: ShardedApp): boolean {
    if (!this.view || this.fenced()) return false;
    const key = appShardKey(this.deps.config.by, app);
    return this.view.owns((m) => ownerOf(m, key), this.deps.timers.now());
  }

  /** The owner by hash under the current members (shown in metrics and the API); undefined when fenced. */
  ownerOf(app: ShardedApp): string | undefined {
    return ownerOf(this.members(), appShardKey(this.deps.config.by, app));
  }

  /** Stops renewing and deletes the Lease, so the others take this replica's apps over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.timers.clearTimeout(this.timer);
    this.deps.timers.clearTimeout(this.settleTimer);
    await this.deps.client
      .delete(LEASE, this.leaseName, { namespace: this.deps.namespace })
      .catch((e: unknown) => {
        if (!isNotFound(e)) this.deps.log.warn('deleting the shard Lease failed', { error: errorMessage(e) });
      });
  }

  private fenced(): boolean {
    return this.deps.timers.now() - this.lastRenew >= this.fenceMs;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.deps.timers.setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.renewMs);
  }

  private async tick(): Promise<void> {
    const { timers, log } = this.deps;
    const wasFenced = this.view !== undefined && this.fenced();
    try {
      await this.renew();
      this.lastRenew = timers.now();
    } catch (e) {
      log.warn('renewing the shard Lease failed', { lease: this.leaseName, error: errorMessage(e) });
    }
    try {
      const list = await this.deps.client.list<LeaseObject>(LEASE, {
        namespace: this.deps.namespace,
        labelSelector: `${SHARD_LEASE_LABEL}=true`,
      });
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
    } catch (e) {
      log.warn('listing the shard Leases failed', { error: errorMessage(e) });
    }
    this.refresh(wasFenced);
  }

  private refresh(wasFenced: boolean): void {
    const now = this.deps.timers.now();
    const self = this.id;
    const others = this.membership.alive(now).filter((m) => m !== self);
    if (this.fenced()) {
      if (!wasFenced && this.view) {
        this.deps.log.warn('fenced: the shard Lease was not renewed in time; acting on no app', { id: self });
        this.deps.onChange();
      }
      return;
    }
    if (!this.view || wasFenced) {
      // Joining (or re-joining after a fence): whoever is alive owned everything until now.
      this.view = new ShardView(self, this.deps.config.leaseDurationMs, others, now);
      this.deps.log.info('shard joined', { id: self, members: this.view.members.join(',') });
      this.changed();
      return;
    }
    if (this.view.update([self, ...others], now)) {
      this.deps.log.info('shard members changed', { id: self, members: this.view.members.join(',') });
      this.changed();
    }
  }

  private changed(): void {
    this.deps.onChange();
    const at = this.view?.settlesAt();
    this.deps.timers.clearTimeout(this.settleTimer);
    if (at !== undefined && !this.stopped)
      this.settleTimer = this.deps.timers.setTimeout(
        () => this.deps.onChange(),
        Math.max(0, at - this.deps.timers.now()) + 1,
      );
  }

  private async renew(): Promise<void> {
    const { client, namespace, timers, config } = this.deps;
    const spec = {
      holderIdentity: config.id,
      leaseDurationSeconds: Math.max(1, Math.ceil(config.leaseDurationMs / 1000)),
      renewTime: microTime(timers.now()),
    };
    try {
      await client.patch(LEASE, this.leaseName, { spec }, { namespace, type: 'merge' });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const lease: LeaseObject = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.leaseName, namespace, labels: { [SHARD_LEASE_LABEL]: 'true' } },
        spec: { ...spec, acquireTime: spec.renewTime },
      };
      await client.create(LEASE, lease).catch((err: unknown) => {
        if (!isAlreadyExists(err)) throw err;
      });
    }
  }
}
