// RFC 6901 JSON pointers (`/spec/template/spec/containers/0/image`) resolved against one object.
import { isPlainObject } from '../model/index.js';
import type { PathSeg } from './path.js';

/** Splits a pointer into unescaped tokens; `""` is the whole document. */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The concrete path the pointer names in `root` (list tokens become indexes), or undefined if it names nothing there. */
export function resolveJsonPointer(root: unknown, pointer: string): PathSeg[] | undefined {
  const tokens = parseJsonPointer(pointer);
  if (!tokens) return undefined;
  const path: PathSeg[] = [];
  let cur: unknown = root;
  for (const tok of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(tok)) return undefined;
      const i = Number(tok);
      if (i >= cur.length) return undefined;
      path.push({ t: 'i', index: i });
      cur = cur[i];
    } else if (isPlainObject(cur) && tok in cur) {
      path.push({ t: 'f', name: tok });
      cur = cur[tok];
    } else {
      return undefined;
    }
  }
  return path;
}
