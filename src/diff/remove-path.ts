// Copy-on-write removal of one path from a JSON value: the spine is copied, the input is never mutated.
import { isPlainObject } from '../model/index.js';
import { findItem, type Path } from './path.js';

/** `root` without the value at `path`; `root` itself when the path does not exist. */
export function removeAt<T>(root: T, path: Path, lenient = false): T {
  return path.length === 0 ? root : (removeFrom(root, path, 0, lenient) as T);
}

function removeFrom(node: unknown, path: Path, depth: number, lenient: boolean): unknown {
  const seg = path[depth];
  if (seg === undefined) return node;
  const last = depth === path.length - 1;
  if (seg.t === 'f') {
    if (!isPlainObject(node) || !(seg.name in node)) return node;
    const copy = { ...node };
    if (last) delete copy[seg.name];
    else {
      const child = removeFrom(node[seg.name], path, depth + 1, lenient);
      if (child === node[seg.name]) return node;
      copy[seg.name] = child;
    }
    return copy;
  }
  if (!Array.isArray(node)) return node;
  const i = findItem(node, seg, lenient);
  if (i < 0) return node;
  if (last) return [...node.slice(0, i), ...node.slice(i + 1)];
  const child = removeFrom(node[i], path, depth + 1, lenient);
  if (child === node[i]) return node;
  const copy = node.slice();
  copy[i] = child;
  return copy;
}

/**
 * Removes many concrete paths. Later list indexes go first, so removing `[1]` never shifts what `[3]` meant.
 */
export function removeAll<T>(root: T, paths: readonly Path[], lenient = false): T {
  const sorted = [...paths].sort(comparePathsDescending);
  let out = root;
  for (const p of sorted) out = removeAt(out, p, lenient);
  return out;
}

function comparePathsDescending(a: Path, b: Path): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.t === 'i' && y?.t === 'i' && x.index !== y.index) return y.index - x.index;
  }
  return b.length - a.length;
}
