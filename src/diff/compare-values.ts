// The comparison itself: every field desired sets must be equal in live (subset), or both ways (symmetric).
import { isPlainObject } from '../model/index.js';
import { isIntOrStringField, isQuantityField, itemKey, itemKeyObject, listKeyFor } from './field-rules.js';
import { formatPath, type PathSeg } from './path.js';
import { quantitiesEqual } from './quantity.js';

/** One field that differs, for UIs. `undefined` on a side means the field is absent there. */
export interface FieldDifference {
  path: string;
  desired: unknown;
  live: unknown;
}

/** Stops a pathological object from producing an unbounded list. */
const MAX_DIFFERENCES = 1000;

interface Ctx {
  symmetric: boolean;
  out: FieldDifference[];
  path: PathSeg[];
}

/**
 * Appends the differences between two normalized values to `out`. Subset mode: fields only in live
 * are defaults or other controllers' and do not count. Symmetric mode (predicted live vs live): they do.
 */
export function compareValues(
  desired: unknown,
  live: unknown,
  symmetric: boolean,
  out: FieldDifference[],
): void {
  compare(desired, live, undefined, undefined, { symmetric, out, path: [] });
}

function report(ctx: Ctx, desired: unknown, live: unknown, seg?: PathSeg): void {
  if (ctx.out.length >= MAX_DIFFERENCES) return;
  const path = seg ? [...ctx.path, seg] : ctx.path;
  ctx.out.push({ path: formatPath(path), desired, live });
}

/** Scalars equal after normalization, or equal by the field's meaning (quantity, int-or-string). */
export function leafEqual(
  d: unknown,
  l: unknown,
  field: string | undefined,
  parentField: string | undefined,
): boolean {
  if (d === l) return true;
  if (field === undefined) return false;
  const scalars =
    (typeof d === 'string' || typeof d === 'number') && (typeof l === 'string' || typeof l === 'number');
  if (!scalars) return false;
  if (isQuantityField(field, parentField)) return quantitiesEqual(d, l);
  if (isIntOrStringField(field)) return String(d) === String(l);
  return false;
}

function compare(
  d: unknown,
  l: unknown,
  field: string | undefined,
  parentField: string | undefined,
  ctx: Ctx,
): void {
  if (d === l) return;
  if (Array.isArray(d)) {
    if (Array.isArray(l)) compareLists(d, l, field, ctx);
    else report(ctx, d, l);
  } else if (isPlainObject(d)) {
    if (isPlainObject(l)) compareMaps(d, l, field, ctx);
    else report(ctx, d, l);
  } else if (!leafEqual(d, l, field, parentField)) {
    report(ctx, d, l);
  }
}

function compareMaps(
  d: Record<string, unknown>,
  l: Record<string, unknown>,
  field: string | undefined,
  ctx: Ctx,
): void {
  for (const k in d) {
    const dv = d[k];
    const lv = l[k];
    if (dv === lv) continue;
    if (lv === undefined) {
      if (dv !== undefined) report(ctx, dv, undefined, { t: 'f', name: k });
      continue;
    }
    ctx.path.push({ t: 'f', name: k });
    compare(dv, lv, k, field, ctx);
    ctx.path.pop();
  }
  if (!ctx.symmetric) return;
  for (const k in l) {
    if (d[k] === undefined && l[k] !== undefined) report(ctx, undefined, l[k], { t: 'f', name: k });
  }
}

function compareLists(
  d: readonly unknown[],
  l: readonly unknown[],
  field: string | undefined,
  ctx: Ctx,
): void {
  const key = listKeyFor(field, d, l);
  if (!key) {
    // Positional lists: a different length is drift as a whole, element paths would mislead.
    if (d.length !== l.length) return report(ctx, d, l);
    for (let i = 0; i < d.length; i++) {
      if (d[i] === l[i]) continue;
      ctx.path.push({ t: 'i', index: i });
      compare(d[i], l[i], undefined, undefined, ctx);
      ctx.path.pop();
    }
    return;
  }
  const liveByKey = new Map<string, unknown>();
  for (const item of l) {
    const k = itemKey(item, key);
    if (!liveByKey.has(k)) liveByKey.set(k, item);
  }
  const desiredKeys = new Set<string>();
  for (const item of d) {
    const k = itemKey(item, key);
    desiredKeys.add(k);
    const seg: PathSeg = { t: 'k', key: itemKeyObject(item, key) };
    const match = liveByKey.get(k);
    if (match === undefined) {
      report(ctx, item, undefined, seg);
      continue;
    }
    ctx.path.push(seg);
    compare(item, match, undefined, undefined, ctx);
    ctx.path.pop();
  }
  if (d.length === l.length && liveByKey.size === l.length) return;
  // A merge-keyed list of a built-in kind merges (strategic merge, SSA list-map): extra live items
  // belong to someone else; whether they were ours is the caller's question (managedFields, last-applied).
  if (!ctx.symmetric && !key.guessed) return;
  // A guessed-key list may be atomic (Git owns the whole list): name the extra live items.
  let named = false;
  for (const item of l) {
    if (desiredKeys.has(itemKey(item, key))) continue;
    report(ctx, undefined, item, { t: 'k', key: itemKeyObject(item, key) });
    named = true;
  }
  if (!named && d.length !== l.length) report(ctx, d, l);
}
