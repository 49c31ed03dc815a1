// Validate=false under server-side apply: the fields the server names as undeclared, removed from an object.
import type { KubeObject } from '../model/index.js';
import type { PathSeg } from '../diff/path.js';
import { removeAll } from '../diff/remove-path.js';

const UNDECLARED = /(\.[^\s,:]+): field not declared in schema/g;

/**
 * Server-side apply refuses unknown fields whatever `fieldValidation` says (the patch must be typed);
 * `kubectl apply --validate=false` drops them. The server names them in its error, e.g.
 * `.spec.template.spec.containers[name="web"].bogus: field not declared in schema`.
 */
export function undeclaredFields(message: string): PathSeg[][] {
  const out: PathSeg[][] = [];
  for (const m of message.matchAll(UNDECLARED)) {
    const path = parseFieldPath(m[1] ?? '');
    if (path !== undefined && path.length > 0) out.push(path);
  }
  return out;
}

/** `.a.b[name="x"][0].c` → segments; undefined when the text is not such a path. */
export function parseFieldPath(text: string): PathSeg[] | undefined {
  const seg = /\.([^.[\]]+)|\[(\d+)\]|\[([^=\]]+)=("(?:[^"\\]|\\.)*"|[^\]]*)\]/y;
  const out: PathSeg[] = [];
  let at = 0;
  while (at < text.length) {
    seg.lastIndex = at;
    const m = seg.exec(text);
    if (m === null) return undefined;
    if (m[1] !== undefined) out.push({ t: 'f', name: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'i', index: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ t: 'k', key: { [m[3]]: parseValue(m[4] ?? '') } });
    at = seg.lastIndex;
  }
  return out;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** `obj` without the undeclared fields the message names (the object itself when it names none). */
export function withoutUndeclared(obj: KubeObject, message: string): KubeObject {
  const paths = undeclaredFields(message);
  return paths.length === 0 ? obj : removeAll(obj, paths, true);
}
