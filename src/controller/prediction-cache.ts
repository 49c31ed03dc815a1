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
  const { status: _s0, metadata: m0, ...rest0 } = old as KubeObject & { status?: unknown };
  const { status: _s1, metadata: m1, ...rest1 } = obj as KubeObject & { status?: unknown };
  const { resourceVersion: _r0, ...meta0 } = m0;
  const { resourceVersion: _r1, ...meta1 } = m1;
  return deepEqualJson(meta0, meta1) && deepEqualJson(rest0, rest1);
}

interface Entry {
  resourceVersion: string;
  desiredHash: string;
  prediction: Prediction;
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

  set(uid: string, resourceVersion: string, desiredHash: string, prediction: Prediction): void {
    this.entries.delete(uid); // re-inserted last: the backstop drops the least recently predicted
    this.entries.set(uid, { resourceVersion, desiredHash, prediction });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /**
   * The object changed from `old` to `obj` in its status alone (a controller reporting progress): an
   * `unchanged` prediction for `old` holds for `obj` too — applying the same desired object touches no
   * status, and the comparison sets status aside — so it moves to the new resourceVersion instead of
   * costing a dry run at the next comparison. Returns whether it moved.
   */
  carry(old: KubeObject, obj: KubeObject): boolean {
    const uid = obj.metadata.uid;
    const from = old.metadata.resourceVersion;
    const to = obj.metadata.resourceVersion;
    if (!uid || !from || !to || old.metadata.uid !== uid) return false;
    const e = this.entries.get(uid);
    if (!e || e.resourceVersion !== from || e.prediction.kind !== 'unchanged') return false;
    if (!statusOnlyChange(old, obj)) return false;
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
