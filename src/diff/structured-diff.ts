// Structured diff for UIs: every differing field with both values, from two objects (symmetric, normalized).
import type { KubeObject } from '../model/index.js';
import { compareValues, type FieldDifference } from './compare-values.js';
import { maskSecretPair } from './mask-secrets.js';
import { normalizeObject } from './normalize.js';

/** `{path, desired, live}` for each field that differs either way; Secret values masked. */
export function structuredDiff(
  desired: KubeObject | undefined,
  live: KubeObject | undefined,
): FieldDifference[] {
  if (!desired || !live) return desired === live ? [] : [{ path: '', desired, live }];
  const masked = maskSecretPair(normalizeObject(desired), normalizeObject(live));
  const out: FieldDifference[] = [];
  compareValues(masked.desired, masked.live, true, out);
  return out;
}
