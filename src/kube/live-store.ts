// The cache's pure core: trimmed objects by key, indexed by tracking app, instance label, owner and uid.
import type { KubeObject } from '../model/kube-object.js';
import { ANNOTATION_TRACKING_ID, LABEL_INSTANCE } from '../model/application.js';
import { keyOf, keyString, type ResourceKey } from '../model/resource-key.js';
import { parseTrackingId, trackingIdMatches } from '../model/tracking.js';
import { groupKindKey } from './api-resource.js';
import { isStale } from './resource-version.js';
import { trimObject, type TrimOptions } from './trim.js';

export type CacheEventType = 'added' | 'modified' | 'deleted';

export interface CacheChange {
  type: CacheEventType;
  obj: KubeObject;
  /** The previous cached version (for modified and deleted). */
  oldObj: KubeObject | undefined;
}

export interface TypeStats {
  group: string;
  kind: string;
  objects: number;
  /** JSON size of the trimmed objects: a proxy for their heap cost. */
  approxBytes: number;
}

/** A multimap of index value → object keys. */
class Index {
  private readonly map = new Map<string, Set<string>>();
  add(value: string, key: string): void {
    let set = this.map.get(value);
    if (!set) this.map.set(value, (set = new Set()));
    set.add(key);
  }
  delete(value: string, key: string): void {
    const set = this.map.get(value);
    if (set?.delete(key) && set.size === 0) this.map.delete(value);
  }
  get(value: string): ReadonlySet<string> {
    return this.map.get(value) ?? new Set();
  }
}

export class LiveStore {
  /** group/kind → key string → object. Per type, so a re-list replaces one type at a time. */
  private readonly types = new Map<string, Map<string, KubeObject>>();
  private readonly byTracking = new Index();
  private readonly byLabel = new Index();
  private readonly byOwner = new Index();
  private readonly byUidKey = new Map<string, string>();

  constructor(private readonly trim: TrimOptions) {}

  /** Applies an ADDED/MODIFIED event; undefined when it was stale (not newer than what is cached). */
  upsert(raw: KubeObject): CacheChange | undefined {
    const obj = trimObject(raw, this.trim);
    const key = keyOf(obj);
    const typeMap = this.typeMap(key.group, key.kind);
    const k = keyString(key);
    const old = typeMap.get(k);
    if (old && isStale(obj.metadata.resourceVersion, old.metadata.resourceVersion)) return undefined;
    if (old) this.unindex(k, old);
    typeMap.set(k, obj);
    this.index(k, key, obj);
    return { type: old ? 'modified' : 'added', obj, oldObj: old };
  }

  /** Applies a DELETED event; undefined if unknown or older than the cached version. */
  remove(raw: KubeObject): CacheChange | undefined {
    const key = keyOf(raw);
    const typeMap = this.types.get(groupKindKey(key.group, key.kind));
    const k = keyString(key);
    const old = typeMap?.get(k);
    if (!typeMap || !old) return undefined;
    // A delete older than the cached object, or of another uid, is about a previous incarnation of the name.
    const c = raw.metadata.resourceVersion;
    if (c && isStale(c, old.metadata.resourceVersion) && c !== old.metadata.resourceVersion) return undefined;
    if (raw.metadata.uid && old.metadata.uid && raw.metadata.uid !== old.metadata.uid) return undefined;
    typeMap.delete(k);
    this.unindex(k, old);
    return { type: 'deleted', obj: trimObject(raw, this.trim), oldObj: old };
  }

  /** A fresh list of one type: adds, updates and removes so the type equals `items`. */
  replaceType(group: string, kind: string, items: readonly KubeObject[]): CacheChange[] {
    const changes: CacheChange[] = [];
    const typeMap = this.typeMap(group, kind);
    const seen = new Set<string>();
    for (const item of items) {
      const k = keyString(keyOf(item));
      seen.add(k);
      const old = typeMap.get(k);
      if (
        old &&
        old.metadata.resourceVersion === item.metadata.resourceVersion &&
        old.metadata.uid === item.metadata.uid
      ) {
        continue;
      }
      // The list is authoritative at its resourceVersion: no staleness check here.
      if (old) this.unindex(k, old);
      const obj = trimObject(item, this.trim);
      typeMap.set(k, obj);
      this.index(k, keyOf(obj), obj);
      changes.push({ type: old ? 'modified' : 'added', obj, oldObj: old });
    }
    for (const [k, old] of typeMap) {
      if (seen.has(k)) continue;
      typeMap.delete(k);
      this.unindex(k, old);
      changes.push({ type: 'deleted', obj: old, oldObj: old });
    }
    return changes;
  }

  /** Forgets a whole type (its CRD was deleted); returns the deletions. */
  dropType(group: string, kind: string): CacheChange[] {
    const changes = this.replaceType(group, kind, []);
    this.types.delete(groupKindKey(group, kind));
    return changes;
  }

  get(key: ResourceKey): KubeObject | undefined {
    return this.types.get(groupKindKey(key.group, key.kind))?.get(keyString(key));
  }

  getByUid(uid: string): KubeObject | undefined {
    const k = this.byUidKey.get(uid);
    return k === undefined ? undefined : this.getByKeyString(k);
  }

  /** Objects whose tracking-id annotation names this app instance (`app` or `ns_app`) and matches them. */
  byTrackingInstance(instance: string): KubeObject[] {
    return this.resolve(this.byTracking.get(instance));
  }

  /** Objects labelled `app.kubernetes.io/instance=<value>` (the label tracking method). */
  byInstanceLabel(value: string): KubeObject[] {
    return this.resolve(this.byLabel.get(value));
  }

  /** Objects with an ownerReference to this uid (Deployment → ReplicaSets, ReplicaSet → Pods). */
  childrenOf(uid: string): KubeObject[] {
    return this.resolve(this.byOwner.get(uid));
  }

  ofType(group: string, kind: string, namespace?: string): KubeObject[] {
    const all = [...(this.types.get(groupKindKey(group, kind))?.values() ?? [])];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  get size(): number {
    let n = 0;
    for (const m of this.types.values()) n += m.size;
    return n;
  }

  /** Per-type counts and sizes; serializes every object, so call it for reports, not per event. */
  stats(): TypeStats[] {
    return [...this.types.entries()].map(([gk, m]) => {
      const slash = gk.indexOf('/');
      let approxBytes = 0;
      for (const o of m.values()) approxBytes += Buffer.byteLength(JSON.stringify(o));
      return { group: gk.slice(0, slash), kind: gk.slice(slash + 1), objects: m.size, approxBytes };
    });
  }

  private typeMap(group: string, kind: string): Map<string, KubeObject> {
    const gk = groupKindKey(group, kind);
    let m = this.types.get(gk);
    if (!m) this.types.set(gk, (m = new Map()));
    return m;
  }

  private getByKeyString(k: string): KubeObject | undefined {
    // keyString is group/kind/namespace/name, and group and kind contain no `/`.
    const [group = '', kind = ''] = k.split('/', 2);
    return this.types.get(groupKindKey(group, kind))?.get(k);
  }

  private resolve(keys: ReadonlySet<string>): KubeObject[] {
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = this.getByKeyString(k);
      if (o) out.push(o);
    }
    return out;
  }

  private index(k: string, key: ResourceKey, obj: KubeObject): void {
    const m = obj.metadata;
    const tracking = trackingOf(obj, key);
    if (tracking) this.byTracking.add(tracking, k);
    const label = m.labels?.[LABEL_INSTANCE];
    if (label) this.byLabel.add(label, k);
    for (const ref of m.ownerReferences ?? []) this.byOwner.add(ref.uid, k);
    if (m.uid) this.byUidKey.set(m.uid, k);
  }

  private unindex(k: string, obj: KubeObject): void {
    const m = obj.metadata;
    const tracking = trackingOf(obj, keyOf(obj));
    if (tracking) this.byTracking.delete(tracking, k);
    const label = m.labels?.[LABEL_INSTANCE];
    if (label) this.byLabel.delete(label, k);
    for (const ref of m.ownerReferences ?? []) this.byOwner.delete(ref.uid, k);
    if (m.uid && this.byUidKey.get(m.uid) === k) this.byUidKey.delete(m.uid);
  }
}

/** The app instance an object's tracking id names, if the id is well-formed and describes this object. */
function trackingOf(obj: KubeObject, key: ResourceKey): string | undefined {
  const value = obj.metadata.annotations?.[ANNOTATION_TRACKING_ID];
  const id = value ? parseTrackingId(value) : undefined;
  return id && trackingIdMatches(id, key) ? id.instance : undefined;
}
