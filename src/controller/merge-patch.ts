// RFC 7386 JSON merge patch between two values: what to send so the server turns `from` into `to`.
import { deepEqualJson, isPlainObject } from '../model/index.js';

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** Sets a key without invoking setters such as `__proto__` (keys come from user data). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The merge patch from `from` to `to`; undefined when they are equal. */
export function mergePatch(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return deepEqualJson(from, to) ? undefined : to;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    if (own(to, key) === undefined && own(from, key) !== undefined) put(patch, key, null);
  }
  for (const key of Object.keys(to)) {
    const value = own(to, key);
    if (value === undefined) continue;
    const sub = mergePatch(own(from, key), value);
    if (sub !== undefined) put(patch, key, sub);
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
