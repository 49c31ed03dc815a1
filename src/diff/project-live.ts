// Live trimmed to the shape of desired (plus fields reported as drift), so a text diff shows drift, not defaults.
import { isPlainObject } from '../model/index.js';
import { itemKey, itemKeyObject, listKeyFor } from './field-rules.js';
import { formatSeg } from './path.js';

/**
 * Keeps the fields of `live` that `desired` also has, recursively (lists matched as the comparison
 * matches them), and any field whose path is in `keep` (fields removed from Git but still live).
 */
export function projectLive(desired: unknown, live: unknown, keep: ReadonlySet<string> = new Set()): unknown {
  return project(desired, live, undefined, '', keep);
}

function project(
  d: unknown,
  l: unknown,
  field: string | undefined,
  path: string,
  keep: ReadonlySet<string>,
): unknown {
  if (isPlainObject(d) && isPlainObject(l)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(l)) {
      const p = path + formatSeg({ t: 'f', name: k }, path === '');
      if (k in d) out[k] = project(d[k], l[k], k, p, keep);
      else if (keep.has(p)) out[k] = l[k];
      else if (leadsToKept(p, keep)) out[k] = project({}, l[k], k, p, keep);
    }
    return out;
  }
  if (Array.isArray(d) && Array.isArray(l)) {
    const key = listKeyFor(field, d, l);
    if (!key) {
      if (d.length !== l.length) return l;
      return l.map((x, i) => project(d[i], x, undefined, `${path}[${i}]`, keep));
    }
    const desiredByKey = new Map(d.map((x) => [itemKey(x, key), x] as const));
    const matched = l.filter((x) => desiredByKey.has(itemKey(x, key)));
    const extra = l.filter((x) => !desiredByKey.has(itemKey(x, key)));
    const order = new Map(d.map((x, i) => [itemKey(x, key), i] as const));
    matched.sort((x, y) => (order.get(itemKey(x, key)) ?? 0) - (order.get(itemKey(y, key)) ?? 0));
    return [
      ...matched.map((x) => {
        const p = path + formatSeg({ t: 'k', key: itemKeyObject(x, key) }, false);
        return project(desiredByKey.get(itemKey(x, key)), x, undefined, p, keep);
      }),
      ...extra,
    ];
  }
  return l;
}

function leadsToKept(prefix: string, keep: ReadonlySet<string>): boolean {
  for (const p of keep) if (p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`)) return true;
  return false;
}
