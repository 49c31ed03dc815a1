// Preparing manifests for people: drop server-owned noise, mask Secret values, order keys predictably.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const MASK = '++++++++';
const SERVER_META = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'type'];

export function parseJsonObject(text: string | undefined): Obj | undefined {
  if (!text || text === 'null') return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Without status and server-set metadata: what a person compares against Git. */
export function stripServerFields(obj: Obj): Obj {
  const { status: _status, ...rest } = obj;
  const meta = isObj(rest['metadata']) ? { ...rest['metadata'] } : undefined;
  if (meta) {
    for (const k of SERVER_META) delete meta[k];
    if (isObj(meta['annotations'])) {
      const { [LAST_APPLIED]: _la, ...ann } = meta['annotations'];
      if (Object.keys(ann).length) meta['annotations'] = ann;
      else delete meta['annotations'];
    }
    rest['metadata'] = meta;
  }
  return sortKeys(rest, true);
}

function sortKeys(v: unknown, top = false): Obj {
  const o = v as Obj;
  const keys = Object.keys(o).sort((a, b) => {
    if (top) {
      const ia = TOP_ORDER.indexOf(a);
      const ib = TOP_ORDER.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    }
    return a.localeCompare(b);
  });
  const out: Obj = {};
  for (const k of keys) {
    const x = o[k];
    out[k] = isObj(x) ? sortKeys(x) : Array.isArray(x) ? x.map((i) => (isObj(i) ? sortKeys(i) : i)) : x;
  }
  return out;
}

const SECRET_FIELDS = ['data', 'stringData'];

/**
 * Masks the values of a Secret on both sides of a comparison. Equal values get the same mask and
 * changed ones a longer mask, so a diff still says *that* a value changed, never *what* it is.
 */
export function maskSecretPair(
  left: Obj | undefined,
  right: Obj | undefined,
): [Obj | undefined, Obj | undefined] {
  const isSecret = (o: Obj | undefined) => o?.['kind'] === 'Secret';
  if (!isSecret(left) && !isSecret(right)) return [left, right];
  const l = left ? { ...left } : undefined;
  const r = right ? { ...right } : undefined;
  for (const f of SECRET_FIELDS) {
    const lv = isObj(l?.[f]) ? (l[f] as Obj) : undefined;
    const rv = isObj(r?.[f]) ? (r[f] as Obj) : undefined;
    if (l && lv) l[f] = Object.fromEntries(Object.keys(lv).map((k) => [k, MASK]));
    if (r && rv)
      r[f] = Object.fromEntries(Object.keys(rv).map((k) => [k, lv && lv[k] === rv[k] ? MASK : MASK + '+']));
  }
  return [l, r];
}

export function maskSecret(obj: Obj | undefined): Obj | undefined {
  return maskSecretPair(obj, undefined)[0];
}

export function isMaskedPath(kind: string | undefined, path: string): boolean {
  return kind === 'Secret' && /^\/(data|stringData)\//.test(path);
}
