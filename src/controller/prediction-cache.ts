// Predicted live objects (server-side-apply dry runs) by object uid, valid for one live resourceVersion
// and one desired object: in steady state every comparison is a lookup, and no API call is made.
import type { KubeObject } from '../model/index.js';

/** What a dry run said about one desired object. */
export type Prediction =
  /** The apply would leave the object as it is (the common, in-sync case: nothing kept but this). */
  | { kind: 'unchanged' }
  /** The apply would change it: the object the dry run returned. */
  | { kind: 'predicted'; predicted: KubeObject }
  /** No dry run was possible; the comparison falls back to normalizing, and says why. */
  | { kind: 'fallback'; reason: string };

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
