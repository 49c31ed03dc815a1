// This replica's shard of the applications: it renews its own coordination.k8s.io/v1 Lease, reads the
// others' to know the live members, and answers "do I own this app now?" (ADR 0028, docs/sharding.md).
import { AbortError, errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/log.js';
import type { Timers } from '../../common/timers.js';
import { isAlreadyExists, isNotFound } from '../../kube/api-error.js';
import type { ApiResource } from '../../kube/api-resource.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../model/index.js';
import { placement, placeOwner, type ShardedApp, type ShardKey } from './assign.js';
import { Membership, ShardView, type Pins } from './membership.js';

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

export interface LeaseShardsDeps {
  client: KubeClient;
  namespace: string;
  config: ShardingConfig;
  timers: Timers;
  log: Logger;
  /** The members changed, a grace ended, or this replica fenced itself: re-check which apps it owns. */
  onChange: () => void;
  /** Cluster URL → the shard its Secret pins it to, as the cluster Secrets say now. */
  pins?: () => Pins;
}

/** An Application as placing sees it, with the URL of the cluster its destination resolves to (if it does). */
export function shardedApp(
  app: {
    metadata: { name: string; namespace?: string | undefined };
    spec?: { destination?: { server?: string; name?: string } | undefined };
  },
  server?: string,
): ShardedApp {
  return {
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    destination: app.spec?.destination,
    server,
  };
}

/** A shard index from a Lease annotation; anything but a whole number is no index. */
export function leaseIndex(annotations: Record<string, string> | undefined): number | undefined {
  const v = annotations?.[SHARD_INDEX_ANNOTATION];
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

const microTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

export class LeaseShards {
  private readonly membership = new Membership();
  /** Shard indices the replicas announce in their Leases (kept for members that left: history needs them). */
  private readonly indices = new Map<string, number>();
  private readonly indexOf = (member: string) => this.indices.get(member);
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
    if (deps.config.index !== undefined) this.indices.set(deps.config.id, deps.config.index);
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
    const p = placement(this.deps.config.by, app);
    return this.view.owns((m, pins) => placeOwner(m, this.indexOf, p, pins), this.deps.timers.now());
  }

  /** Whether the members and pins place the app here, grace or fence aside (its cluster's cache stays warm). */
  placedHere(app: ShardedApp): boolean {
    if (!this.view) return false;
    const p = placement(this.deps.config.by, app);
    return placeOwner(this.view.members, this.indexOf, p, this.view.pins) === this.id;
  }

  /** A cluster Secret changed: a new or moved pin takes effect now (with the grace of any owner change). */
  pinsChanged(): void {
    if (!this.view || this.fenced()) return;
    if (this.view.update(this.view.members, this.deps.timers.now(), this.pins())) {
      this.deps.log.info('shard pins changed', { id: this.id, pins: describePins(this.view.pins) });
      this.changed();
    }
  }

  private pins(): Pins {
    return this.deps.pins?.() ?? new Map();
  }

  /** Stops renewing and deletes the Lease, so the others take this replica's apps over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.timers.clearTimeout(this.timer);
    this.deps.timers.clearTimeout(this.settleTimer);
    await this.deps.client
      .delete(LEASE_RESOURCE, this.leaseName, { namespace: this.deps.namespace })
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
      const list = await this.deps.client.list<LeaseObject>(LEASE_RESOURCE, {
        namespace: this.deps.namespace,
        labelSelector: `${SHARD_LEASE_LABEL}=true`,
      });
      for (const l of list.items) {
        const index = leaseIndex(l.metadata.annotations);
        if (l.spec?.holderIdentity && index !== undefined) this.indices.set(l.spec.holderIdentity, index);
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
      this.view = new ShardView(self, this.deps.config.leaseDurationMs, others, now, this.pins());
      this.deps.log.info('shard joined', {
        id: self,
        members: this.view.members.join(','),
        ...this.described(),
      });
      this.changed();
      return;
    }
    if (this.view.update([self, ...others], now, this.pins())) {
      this.deps.log.info('shard members changed', {
        id: self,
        members: this.view.members.join(','),
        ...this.described(),
      });
      this.changed();
    }
  }

  /** Shard indices of the members and the pins, for the log; a warning when two members claim one index. */
  private described(): Record<string, string> {
    const members = this.view?.members ?? [];
    const indexed = members.flatMap((m) => {
      const i = this.indexOf(m);
      return i === undefined ? [] : [`${m}=${i}`];
    });
    const taken = new Map<number, string>();
    for (const m of members) {
      const i = this.indexOf(m);
      if (i === undefined) continue;
      const first = taken.get(i);
      if (first !== undefined)
        this.deps.log.warn(
          'two controller replicas claim one shard index; the first by name takes its pinned clusters',
          {
            index: i,
            replicas: `${first},${m}`,
            hint: 'give each replica its own controller.shard (ARGOCD_CONTROLLER_SHARD), or leave it unset in a StatefulSet',
          },
        );
      else taken.set(i, m);
    }
    const out: Record<string, string> = {};
    if (indexed.length > 0) out['indices'] = indexed.join(',');
    if (this.view && this.view.pins.size > 0) out['pins'] = describePins(this.view.pins);
    return out;
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
    const annotations: Record<string, string> = { [SHARD_BY_ANNOTATION]: config.by };
    if (config.index !== undefined) annotations[SHARD_INDEX_ANNOTATION] = String(config.index);
    try {
      await client.patch(
        LEASE_RESOURCE,
        this.leaseName,
        { metadata: { annotations }, spec },
        { namespace, type: 'merge' },
      );
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const lease: LeaseObject = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.leaseName, namespace, labels: { [SHARD_LEASE_LABEL]: 'true' }, annotations },
        spec: { ...spec, acquireTime: spec.renewTime },
      };
      await client.create(LEASE_RESOURCE, lease).catch((err: unknown) => {
        if (!isAlreadyExists(err)) throw err;
      });
    }
  }
}

function describePins(pins: Pins): string {
  return [...pins].map(([server, shard]) => `${server}=${shard}`).join(',');
}
