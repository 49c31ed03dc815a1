// Helpers of the server-side diff: what a prediction is keyed by, and whether it equals the live object.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/index.js';
import { knownDigest } from '../model/content-digest.js';
import { compareValues, type FieldDifference } from './compare-values.js';
import { normalizeObject } from './normalize.js';

/**
 * Identifies a desired object and how it would be applied (manager, validation): the prediction's key.
 * An object from a render carries its content digest, so steady-state refreshes serialize nothing; any
 * other is serialized and hashed (a SHA-1 in base64url holds no NUL, so the two forms never meet).
 */
export function desiredHash(desired: KubeObject, applyVariant: string): string {
  const known = knownDigest(desired);
  if (known !== undefined) return `${applyVariant}\u0000${known}`;
  return createHash('sha1')
    .update(applyVariant)
    .update('\u0000')
    .update(JSON.stringify(desired))
    .digest('base64url');
}

/**
 * Whether applying would leave the live object as it is: the prediction and live agree once the server's
 * own metadata and status are set aside. Then no ignore rule can make them differ, and the comparison
 * is settled without keeping the predicted object.
 */
export function predictionEqualsLive(predicted: KubeObject, live: KubeObject, desired: KubeObject): boolean {
  const opts = { dropOwnerReferences: desired.metadata.ownerReferences === undefined };
  const out: FieldDifference[] = [];
  compareValues(normalizeObject(predicted, opts), normalizeObject(live, opts), true, out);
  return out.length === 0;
}
