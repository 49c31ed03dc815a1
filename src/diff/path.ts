// Paths into Kubernetes objects: semantic segments (field, index, list key, set value) and how they print.
import { deepEqualJson, isPlainObject } from '../model/index.js';

/** One step into an object; `k` and `v` mirror managedFields' `k:{…}` and `v:…` list-item selectors. */
export type PathSeg =
  | { readonly t: 'f'; readonly name: string }
  | { readonly t: 'i'; readonly index: number }
  | { readonly t: 'k'; readonly key: Readonly<Record<string, unknown>> }
  | { readonly t: 'v'; readonly value: unknown };

export type Path = readonly PathSeg[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.containers[name=app].image`, `metadata.annotations["a.b/c"]`, `args[0]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const s of path) out += formatSeg(s, out === '');
  return out;
}

export function formatSeg(s: PathSeg, first: boolean): string {
  switch (s.t) {
    case 'f':
      return IDENT.test(s.name) ? (first ? s.name : `.${s.name}`) : `[${JSON.stringify(s.name)}]`;
    case 'i':
      return `[${s.index}]`;
    case 'k':
      return `[${Object.entries(s.key)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(',')}]`;
    case 'v':
      return `[=${JSON.stringify(s.value)}]`;
  }
}

/** Loose scalar equality used for list keys: `80` matches `"80"` (int-or-string key fields). */
export function keyValueEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const sa = typeof a === 'number' || typeof a === 'string' ? String(a) : undefined;
  return sa !== undefined && (typeof b === 'number' || typeof b === 'string') && sa === String(b);
}

/**
 * Whether a list item matches a `k:` key. An item lacking a key field still matches: the desired
 * side often omits defaulted key fields (`protocol: TCP` on ports).
 */
export function itemMatchesKey(
  item: unknown,
  key: Readonly<Record<string, unknown>>,
  lenient: boolean,
): boolean {
  if (!isPlainObject(item)) return false;
  for (const [k, v] of Object.entries(key)) {
    const iv = item[k];
    if (iv === undefined && lenient) continue;
    if (!keyValueEqual(iv, v)) return false;
  }
  return true;
}

/** Where in `list` the segment points, or -1. */
export function findItem(list: readonly unknown[], seg: PathSeg, lenient: boolean): number {
  switch (seg.t) {
    case 'i':
      return seg.index >= 0 && seg.index < list.length ? seg.index : -1;
    case 'k':
      return list.findIndex((x) => itemMatchesKey(x, seg.key, lenient));
    case 'v':
      return list.findIndex((x) => deepEqualJson(x, seg.value));
    case 'f':
      return -1;
  }
}

/** The value at `path`, or undefined. */
export function getAt(root: unknown, path: Path, lenient = false): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (seg.t === 'f') {
      if (!isPlainObject(cur)) return undefined;
      cur = cur[seg.name];
    } else {
      if (!Array.isArray(cur)) return undefined;
      const i = findItem(cur, seg, lenient);
      if (i < 0) return undefined;
      cur = cur[i];
    }
  }
  return cur;
}
