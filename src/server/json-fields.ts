// Argo CD's `?fields=` response selection: dotted paths keep those subtrees, arrays are selected element-wise.
import { badRequest } from './http-error.js';

/** A compiled selection: `true` keeps the whole subtree, a map keeps only the named keys. */
export type FieldTree = true | ReadonlyMap<string, FieldTree>;

/** Characters a path may hold: JSON keys as Kubernetes objects use them. */
const PATH = /^[A-Za-z0-9_$@/-]+(\.[A-Za-z0-9_$@/-]+)*$/;

/**
 * Compiles `items.metadata.name,items.status.sync.status`; undefined when no path is given (everything).
 * A path names a subtree; a shorter path wins over longer ones under it.
 */
export function parseFields(values: readonly string[]): FieldTree | undefined {
  const paths = values
    .flatMap((v) => v.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.length === 0) return undefined;
  const root = new Map<string, FieldTree>();
  for (const path of paths) {
    if (!PATH.test(path))
      throw badRequest(
        `invalid field path "${path}"`,
        'use dotted JSON keys, comma-separated, e.g. fields=items.metadata.name,items.status.sync.status',
      );
    insert(root, path.split('.'));
  }
  return root;
}

function insert(node: Map<string, FieldTree>, keys: string[]): void {
  const [head, ...rest] = keys as [string, ...string[]];
  const existing = node.get(head);
  if (existing === true) return;
  if (rest.length === 0) return void node.set(head, true);
  const child = existing ?? new Map<string, FieldTree>();
  node.set(head, child);
  insert(child as Map<string, FieldTree>, rest);
}

/** The subtree selection under `key` (undefined: nothing under it is selected). */
export function subFields(tree: FieldTree | undefined, key: string): FieldTree | undefined {
  if (tree === undefined || tree === true) return tree === true ? true : undefined;
  return tree.get(key);
}

/** `value` with only the selected paths; absent paths are left out, never filled with null. */
export function selectFields(value: unknown, tree: FieldTree): unknown {
  if (tree === true) return value;
  if (Array.isArray(value)) return value.map((v) => selectFields(v, tree));
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const picked = selectFields(v, sub);
    if (picked !== undefined) out[key] = picked;
  }
  return out;
}

/** A stable text for a selection, to key caches of projected objects by. */
export function fieldsKey(tree: FieldTree | undefined): string {
  if (tree === undefined) return '*';
  if (tree === true) return '*';
  return [...tree.keys()]
    .sort()
    .map((k) => {
      const sub = tree.get(k) as FieldTree;
      return sub === true ? k : `${k}(${fieldsKey(sub)})`;
    })
    .join(',');
}
