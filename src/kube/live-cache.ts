// The cluster cache: one list-watch per resource type, cluster-wide, folded into an indexed LiveStore.
import { AbortError } from '../common/errors.js';
import type { KubeObject } from '../model/kube-object.js';
import type { ResourceKey } from '../model/resource-key.js';
import { isNotFound } from './api-error.js';
import { groupKindKey, supportsVerbs, type ApiResource } from './api-resource.js';
import type { KubeClient } from './client.js';
import type { Discovery } from './discovery.js';
import { clientListWatchApi, ListWatch, type ListWatchError, type ListWatchOptions } from './list-watch.js';
import { LiveStore, type CacheChange, type CacheEventType, type TypeStats } from './live-store.js';
import { DEFAULT_KEEP_MANAGERS } from './trim.js';

/** Matches types; an omitted field matches anything. */
export interface GroupKindPattern {
  group?: string;
  kind?: string;
}

/** High-churn types nobody deploys from Git: watching them costs much and tells the controller nothing. */
export const NOISY_TYPES: readonly GroupKindPattern[] = [
  { group: '', kind: 'Event' },
  { group: 'events.k8s.io', kind: 'Event' },
  { group: 'coordination.k8s.io', kind: 'Lease' },
  { group: '', kind: 'Endpoints' },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice' },
];

export type CacheListener = (type: CacheEventType, obj: KubeObject, oldObj: KubeObject | undefined) => void;

export interface LiveCacheOptions {
  client: KubeClient;
  discovery: Discovery;
  /** Types to watch; default all. */
  include?: readonly GroupKindPattern[];
  /** Types not to watch; default NOISY_TYPES. ensureType() starts a type regardless. */
  exclude?: readonly GroupKindPattern[];
  /** managedFields managers kept on cached objects; default ['driftless']. */
  keepManagers?: readonly string[];
  /** Passed to every ListWatch (tests inject delay/clock; benches shrink pages). */
  listWatch?: Pick<ListWatchOptions, 'backoff' | 'delay' | 'now' | 'pageSize' | 'watchTimeoutSeconds'>;
  /** Failures of individual watches; they retry on their own. */
  onError?: (err: ListWatchError) => void;
}

interface Watched {
  res: ApiResource;
  lw: ListWatch;
  /** Resolves on the first list, or when the type is dropped, so synced() never waits on a gone type. */
  ready: Promise<void>;
  drop: () => void;
}

export class LiveCache {
  private readonly store: LiveStore;
  private readonly watched = new Map<string, Watched>();
  private readonly listeners = new Set<CacheListener>();
  private stopped = false;

  constructor(private readonly opts: LiveCacheOptions) {
    this.store = new LiveStore({ keepManagers: opts.keepManagers ?? DEFAULT_KEEP_MANAGERS });
  }

  /** Discovers the cluster's types and starts watching every selected one. Resolves once started. */
  async start(): Promise<void> {
    const resources = await this.opts.discovery.preferredResources();
    for (const res of selectTypes(resources, this.opts)) this.watch(res);
  }

  /** Resolves when every type watched so far has completed its first list. */
  async synced(): Promise<void> {
    await Promise.all([...this.watched.values()].map((w) => w.ready));
  }

  /**
   * Watches group/kind now (a CRD just installed, or a type excluded by default) and resolves
   * when its first list is in. Re-discovers first if the type is not yet known.
   */
  async ensureType(group: string, kind: string): Promise<ApiResource> {
    const existing = this.watched.get(groupKindKey(group, kind));
    if (existing) {
      await existing.ready;
      return existing.res;
    }
    let res = await this.opts.discovery.find(group, kind);
    if (!res) {
      this.opts.discovery.invalidate();
      res = await this.opts.discovery.find(group, kind);
    }
    if (!res) {
      throw new AbortError(`cannot watch ${kind}${group ? `.${group}` : ''}: the cluster does not serve it`, {
        hint: 'install its CRD first (ensureCrds waits until it is established)',
      });
    }
    if (!supportsVerbs(res, 'list', 'watch')) {
      throw new AbortError(
        `cannot watch ${kind}${group ? `.${group}` : ''}: it does not support list and watch`,
      );
    }
    const w = this.watch(res);
    await w.ready;
    return res;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  on(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.watched.values()].map((w) => w.lw.stop()));
  }

  get(key: ResourceKey): KubeObject | undefined {
    return this.store.get(key);
  }
  getByUid(uid: string): KubeObject | undefined {
    return this.store.getByUid(uid);
  }
  /** Tracked by annotation: `instance` is the app part of the tracking id (`app` or `ns_app`). */
  byTrackingInstance(instance: string): KubeObject[] {
    return this.store.byTrackingInstance(instance);
  }
  /** Tracked by the `app.kubernetes.io/instance` label. */
  byInstanceLabel(value: string): KubeObject[] {
    return this.store.byInstanceLabel(value);
  }
  childrenOf(uid: string): KubeObject[] {
    return this.store.childrenOf(uid);
  }
  list(group: string, kind: string, namespace?: string): KubeObject[] {
    return this.store.ofType(group, kind, namespace);
  }
  watchedTypes(): ApiResource[] {
    return [...this.watched.values()].map((w) => w.res);
  }
  stats(): { objects: number; approxBytes: number; types: TypeStats[] } {
    const types = this.store.stats().filter((t) => t.objects > 0);
    return {
      objects: types.reduce((n, t) => n + t.objects, 0),
      approxBytes: types.reduce((n, t) => n + t.approxBytes, 0),
      types,
    };
  }

  private watch(res: ApiResource): Watched {
    const gk = groupKindKey(res.group, res.kind);
    const existing = this.watched.get(gk);
    if (existing) return existing;
    const lw = new ListWatch({
      ...this.opts.listWatch,
      name: res.group ? `${res.resource}.${res.group}` : res.resource,
      api: clientListWatchApi(this.opts.client, res),
      handler: {
        replace: (items) => this.emit(this.store.replaceType(res.group, res.kind, items)),
        event: (type, obj) => {
          const change = type === 'DELETED' ? this.store.remove(obj) : this.store.upsert(obj);
          if (change) this.emit([change]);
        },
        error: (err) => this.onWatchError(gk, err),
      },
    });
    let drop!: () => void;
    const dropped = new Promise<void>((resolve) => (drop = resolve));
    const w = { res, lw, ready: Promise.race([lw.synced, dropped]), drop };
    this.watched.set(gk, w);
    if (!this.stopped) lw.start();
    return w;
  }

  /** A type whose list is 404 is gone (its CRD was deleted): stop watching and drop its objects. */
  private onWatchError(gk: string, err: ListWatchError): void {
    this.opts.onError?.(err);
    const w = this.watched.get(gk);
    if (!w || err.phase !== 'list' || !isNotFound(err.cause)) return;
    this.watched.delete(gk);
    this.opts.discovery.invalidate();
    w.drop();
    void w.lw.stop();
    this.emit(this.store.dropType(w.res.group, w.res.kind));
  }

  private emit(changes: CacheChange[]): void {
    for (const c of changes) {
      for (const l of this.listeners) {
        // A listener's bug must not break the watch that feeds every other listener.
        try {
          l(c.type, c.obj, c.oldObj);
        } catch (err) {
          console.error('live cache listener failed:', err);
        }
      }
    }
  }
}

/** The types the cache watches: listable and watchable, included (default all), not excluded (default noisy). */
export function selectTypes(
  resources: readonly ApiResource[],
  opts: Pick<LiveCacheOptions, 'include' | 'exclude'>,
): ApiResource[] {
  const exclude = opts.exclude ?? NOISY_TYPES;
  return resources.filter(
    (res) =>
      supportsVerbs(res, 'list', 'watch') &&
      (!opts.include || opts.include.some((p) => matches(p, res))) &&
      !exclude.some((p) => matches(p, res)),
  );
}

function matches(p: GroupKindPattern, res: ApiResource): boolean {
  return (p.group === undefined || p.group === res.group) && (p.kind === undefined || p.kind === res.kind);
}
