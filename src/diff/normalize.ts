// Normalization before comparison: drop what the server owns, fold Secret stringData, canonical quantities, empty = absent.
import { isPlainObject, type KubeObject } from '../model/index.js';
import { isIntOrStringField, isQuantityField } from './field-rules.js';
import { canonicalQuantity } from './quantity.js';

export const ANNOTATION_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Metadata the API server writes; never part of what Git says. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

export interface NormalizeOptions {
  /** Drop `metadata.ownerReferences` (set when the desired object has none, so live's don't count). */
  dropOwnerReferences?: boolean;
  /** Keep `status` (argocd-cm ignoreResourceStatusField says to compare it for this object). */
  keepStatus?: boolean;
}

/**
 * A normalized copy of `obj`. Copy-on-write: subtrees that need no change are shared with the
 * input, so normalizing an object that is already normal allocates little. The input is never mutated.
 */
export function normalizeObject(obj: KubeObject, opts: NormalizeOptions = {}): KubeObject {
  const top: Record<string, unknown> = { ...obj };
  if (!opts.keepStatus) delete top.status;
  top.metadata = normalizeMetadata(obj.metadata, opts);
  if (obj.kind === 'Secret' && groupIsCore(obj.apiVersion)) foldStringData(top);
  const cleaned = normalizeValue(top, undefined, undefined);
  return (isPlainObject(cleaned) ? cleaned : { metadata: {} }) as KubeObject;
}

function groupIsCore(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && !apiVersion.includes('/');
}

function normalizeMetadata(meta: unknown, opts: NormalizeOptions): Record<string, unknown> {
  if (!isPlainObject(meta)) return {};
  const out: Record<string, unknown> = { ...meta };
  for (const k of SERVER_METADATA) delete out[k];
  if (opts.dropOwnerReferences) delete out.ownerReferences;
  const ann = out.annotations;
  if (isPlainObject(ann) && ANNOTATION_LAST_APPLIED in ann) {
    const rest = { ...ann };
    delete rest[ANNOTATION_LAST_APPLIED];
    out.annotations = rest;
  }
  return out;
}

/**
 * `stringData` is write-only: the server stores it base64-encoded in `data`, where it wins over `data`.
 * An empty value reads back as `null` (or not at all), so `""` and absent are the same value.
 */
function foldStringData(secret: Record<string, unknown>): void {
  const sd = secret.stringData;
  delete secret.stringData;
  if (!isPlainObject(sd) && !isPlainObject(secret.data)) return;
  const data: Record<string, unknown> = isPlainObject(secret.data) ? { ...secret.data } : {};
  if (isPlainObject(sd))
    for (const [k, v] of Object.entries(sd)) {
      if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    }
  for (const k of Object.keys(data)) if (data[k] === '') delete data[k];
  secret.data = data;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

function normalizeScalar(v: unknown, key: string | undefined, parentKey: string | undefined): unknown {
  if (key === undefined) return v;
  if (typeof v === 'string' && isIntOrStringField(key) && /^\d{1,9}$/.test(v)) return Number(v);
  if ((typeof v === 'string' || typeof v === 'number') && isQuantityField(key, parentKey)) {
    return canonicalQuantity(v) ?? v;
  }
  return v;
}

/** Returns `v` itself when nothing below it changes. */
function normalizeValue(v: unknown, key: string | undefined, parentKey: string | undefined): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      // List items keep their place (an index is identity), so an empty item stays.
      const n = normalizeValue(v[i], undefined, key === undefined ? undefined : `${key}[]`);
      if (n !== v[i]) (out ??= v.slice())[i] = n;
    }
    return out ?? v;
  }
  if (isPlainObject(v)) {
    let out: Record<string, unknown> | undefined;
    for (const k in v) {
      const child = v[k];
      const n = normalizeValue(child, k, key);
      if (isEmpty(n)) {
        out ??= { ...v };
        delete out[k];
      } else if (n !== child) {
        (out ??= { ...v })[k] = n;
      }
    }
    return out ?? v;
  }
  return normalizeScalar(v, key, parentKey);
}
