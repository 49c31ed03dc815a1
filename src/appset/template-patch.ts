// templatePatch as Argo CD applies it: a Kubernetes strategic merge patch against the Application type.
import { deepEqualJson, isPlainObject } from '../model/index.js';
import { GeneratorError } from './params.js';

/**
 * The lists of an Application that carry a merge strategy (`patchStrategy:"merge"` on ObjectMeta);
 * every other list is replaced whole, as in a JSON merge patch. The value is the merge key, or
 * undefined for lists of scalars (merged as a union, original order first).
 */
const MERGE_LISTS: ReadonlyMap<string, string | undefined> = new Map([
  ['metadata.finalizers', undefined],
  ['metadata.ownerReferences', 'uid'],
]);

const DIRECTIVE = '$patch';
const DELETE_FROM = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';
const RETAIN_KEYS = '$retainKeys';

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function mergeScalars(original: unknown[], patch: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of [...original, ...patch]) if (!out.some((x) => deepEqualJson(x, v))) out.push(v);
  return out;
}

function mergeByKey(original: unknown[], patch: unknown[], key: string, path: string): unknown[] {
  const out = [...original];
  for (const item of patch) {
    if (!isPlainObject(item) || item[key] === undefined)
      throw new GeneratorError(`templatePatch: every item of ${path} needs its merge key "${key}"`);
    const at = out.findIndex((o) => isPlainObject(o) && deepEqualJson(o[key], item[key]));
    if (item[DIRECTIVE] === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeValue(out[at], item, `${path}[]`);
    else out.push(mergeValue(undefined, item, `${path}[]`));
  }
  return out;
}

function mergeList(original: unknown, patch: unknown[], path: string): unknown[] {
  if (!MERGE_LISTS.has(path) || !Array.isArray(original))
    return patch.map((v) => mergeValue(undefined, v, path));
  const key = MERGE_LISTS.get(path);
  return key === undefined ? mergeScalars(original, patch) : mergeByKey(original, patch, key, path);
}

function mergeMap(original: unknown, patch: Record<string, unknown>, path: string): unknown {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'replace' && directive !== 'merge')
    throw new GeneratorError(
      `templatePatch: unknown ${DIRECTIVE} directive "${String(directive)}" at ${path || '/'}`,
    );
  const out: Record<string, unknown> = {};
  if (directive !== 'replace' && isPlainObject(original))
    for (const [k, v] of Object.entries(original)) put(out, k, v);
  const dropped: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(SET_ORDER)) continue;
    if (k.startsWith(DELETE_FROM)) {
      dropped[k.slice(DELETE_FROM.length)] = Array.isArray(v) ? v : [];
      continue;
    }
    const sub = path ? `${path}.${k}` : k;
    const merged = v === null ? undefined : mergeValue(out[k], v, sub);
    if (merged === undefined) delete out[k];
    else put(out, k, merged);
  }
  for (const [k, values] of Object.entries(dropped)) {
    const list = out[k];
    if (Array.isArray(list))
      put(
        out,
        k,
        list.filter((x) => !values.some((d) => deepEqualJson(d, x))),
      );
  }
  return out;
}

function mergeValue(original: unknown, patch: unknown, path: string): unknown {
  if (Array.isArray(patch)) return mergeList(original, patch, path);
  if (isPlainObject(patch)) return mergeMap(original, patch, path);
  return patch;
}

/**
 * Applies a parsed templatePatch to an Application-shaped object (metadata + spec): maps merge,
 * `null` deletes, `$patch: replace|delete` directives and `$deleteFromPrimitiveList/<list>` work,
 * `metadata.finalizers` and `metadata.ownerReferences` merge, all other lists are replaced.
 */
export function applyTemplatePatch<T>(app: T, patch: Record<string, unknown>): T {
  return mergeMap(app, patch, '') as T;
}
