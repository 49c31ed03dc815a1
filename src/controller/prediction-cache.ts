// Predicted live objects (server-side-apply dry runs) by object uid, valid for one live resourceVersion
// and one desired object: in steady state every comparison is a lookup, and no API call is made.
import type { KubeObject } from '../model/index.js';
import { deepEqualJson } from '../model/index.js';

/** What a dry run said about one desired object. */
export type Prediction =
  /** The apply would leave the object as it is (the common, in-sync case: nothing kept but this). */
  | { kind: 'unchanged' }
  /** The apply would change it: the object the dry run returned. */
  | { kind: 'predicted'; predicted: KubeObject }
  /** No dry run was possible; the comparison falls back to normalizing, and says why. */
  | { kind: 'fallback'; reason: string };

/** Whether `old` and `obj` differ in nothing but status and the resourceVersion the server stamps on each write. */
export function statusOnlyChange(old: KubeObject, obj: KubeObject): boolean {
  return changeOutside(old, obj, undefined);
}

/** The annotation and label keys a desired object sets (`a:<key>`, `l:<key>`): what its apply owns in metadata. */
export function metadataKeys(desired: KubeObject): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const k of Object.keys(desired.metadata.annotations ?? {})) keys.add(`a:${k}`);
  for (const k of Object.keys(desired.metadata.labels ?? {})) keys.add(`l:${k}`);
  return keys;
}

/** Whether two string maps differ in no key but those `allowed` says may change. */
function mapsDifferOnlyIn(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
  allowed: (key: string) => boolean,
): boolean {
  const x = a ?? {};
  const y = b ?? {};
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
    if (x[k] !== y[k] && !allowed(k)) return false;
  return true;
}

/**
 * Whether `old` and `obj` differ only in status, the resourceVersion, and — when `owned` is given — the
 * annotations and labels the desired object does not set (another controller's, such as the Deployment
 * controller's `deployment.kubernetes.io/revision`): a server-side apply of that desired object leaves those.
 */
function changeOutside(old: KubeObject, obj: KubeObject, owned: ReadonlySet<string> | undefined): boolean {
  const { status: _s0, metadata: m0, ...rest0 } = old as KubeObject & { status?: unknown };
  const { status: _s1, metadata: m1, ...rest1 } = obj as KubeObject & { status?: unknown };
  const { resourceVersion: _r0, annotations: a0, labels: l0, ...meta0 } = m0;
  const { resourceVersion: _r1, annotations: a1, labels: l1, ...meta1 } = m1;
  const metadataOk = owned
    ? mapsDifferOnlyIn(a0, a1, (k) => !owned.has(`a:${k}`)) &&
      mapsDifferOnlyIn(l0, l1, (k) => !owned.has(`l:${k}`))
    : deepEqualJson(a0, a1) && deepEqualJson(l0, l1);
  return metadataOk && deepEqualJson(meta0, meta1) && deepEqualJson(rest0, rest1);
}

interface Entry {
  resourceVersion: string;
  desiredHash: string;
  prediction: Prediction;
  /** The desired object's annotation and label keys (metadataKeys), when the caller gave them. */
  owned?: ReadonlySet<string> | undefined;
}

export interface PredictionStats {
  hits: number;
  /** Dry-run calls made (each miss that reached the API server). */
  dryRuns: number;
  entries: number;
}

/**
 * One entry per live object (by uid), so memory is bounded by the objects Driftless compares. Entries of
 * deleted objects go through `evict`; `maxEntries` is a backstop that drops the oldest.
 */
export class PredictionCache {
  private readonly entries = new Map<string, Entry>();
  private hits = 0;
  private dryRuns = 0;

  constructor(private readonly maxEntries = 100_000) {}

  get(uid: string, resourceVersion: string, desiredHash: string): Prediction | undefined {
    const e = this.entries.get(uid);
    if (!e || e.resourceVersion !== resourceVersion || e.desiredHash !== desiredHash) return undefined;
    this.hits++;
    return e.prediction;
  }

  /** `desired`, when given, lets a later change of another controller's annotations or labels carry the entry. */
  set(
    uid: string,
    resourceVersion: string,
    desiredHash: string,
    prediction: Prediction,
    desired?: KubeObject,
  ): void {
    this.entries.delete(uid); // re-inserted last: the backstop drops the least recently predicted
    const owned = desired && prediction.kind === 'unchanged' ? metadataKeys(desired) : undefined;
    this.entries.set(uid, { resourceVersion, desiredHash, prediction, owned });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /**
   * The object changed from `old` to `obj` in its status alone (a controller reporting progress), or also in
   * annotations and labels the desired object does not set (a controller's own bookkeeping): an `unchanged`
   * prediction for `old` holds for `obj` too — applying the same desired object touches neither, and the
   * comparison sets status aside — so it moves to the new resourceVersion instead of costing a dry run at
   * the next comparison. Returns whether it moved.
   */
  carry(old: KubeObject, obj: KubeObject): boolean {
    const uid = obj.metadata.uid;
    const from = old.metadata.resourceVersion;
    const to = obj.metadata.resourceVersion;
    if (!uid || !from || !to || old.metadata.uid !== uid) return false;
    const e = this.entries.get(uid);
    if (!e || e.resourceVersion !== from || e.prediction.kind !== 'unchanged') return false;
    if (!changeOutside(old, obj, e.owned)) return false;
    e.resourceVersion = to;
    return true;
  }

  /** Counts one call to the API server (made by the caller). */
  countDryRun(): void {
    this.dryRuns++;
  }

  evict(uid: string): void {
    this.entries.delete(uid);
  }

  stats(): PredictionStats {
    return { hits: this.hits, dryRuns: this.dryRuns, entries: this.entries.size };
  }
}
