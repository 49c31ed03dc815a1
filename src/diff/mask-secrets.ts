// Secret masking for diffs: equal values get equal masks, different values different ones, no value ever shows.
import { isPlainObject } from '../model/index.js';
import { ANNOTATION_LAST_APPLIED } from './normalize.js';

const MASK_LENGTH = 8;

/**
 * Hands out masks per Secret key: the first distinct value of a key is `++++++++`, the next
 * `+++++++++`, and so on (as Argo CD does). Share one masker between the desired and live
 * object so a diff can show that a value changed, but never what it is.
 */
export class SecretMasker {
  private readonly seen = new Map<string, Map<string, string>>();

  /** `value` is the stored (base64) form, so `stringData: {a: "x"}` and `data: {a: "eA=="}` mask alike. */
  mask(key: string, value: string): string {
    let byValue = this.seen.get(key);
    if (!byValue) this.seen.set(key, (byValue = new Map()));
    let m = byValue.get(value);
    if (m === undefined) {
      m = '+'.repeat(MASK_LENGTH + byValue.size);
      byValue.set(value, m);
    }
    return m;
  }
}

export function isSecret(obj: unknown): obj is Record<string, unknown> {
  return isPlainObject(obj) && obj.kind === 'Secret' && obj.apiVersion === 'v1';
}

function maskMap(m: unknown, masker: SecretMasker, encode: boolean): unknown {
  if (!isPlainObject(m)) return m;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    const stored =
      typeof v === 'string' ? (encode ? Buffer.from(v, 'utf8').toString('base64') : v) : JSON.stringify(v);
    out[k] = masker.mask(k, stored ?? '');
  }
  return out;
}

/** A copy of a Secret with `data`, `stringData` and the last-applied annotation masked; anything else unchanged. */
export function maskSecrets<T>(obj: T, masker: SecretMasker = new SecretMasker()): T {
  if (!isSecret(obj)) return obj;
  const out: Record<string, unknown> = { ...obj };
  if ('data' in obj) out.data = maskMap(obj.data, masker, false);
  if ('stringData' in obj) out.stringData = maskMap(obj.stringData, masker, true);
  const meta = obj.metadata;
  if (isPlainObject(meta) && isPlainObject(meta.annotations) && ANNOTATION_LAST_APPLIED in meta.annotations) {
    const annotations = {
      ...meta.annotations,
      [ANNOTATION_LAST_APPLIED]: maskLastApplied(meta.annotations[ANNOTATION_LAST_APPLIED], masker),
    };
    out.metadata = { ...meta, annotations };
  }
  return out as T;
}

/** The annotation holds a whole Secret as JSON: mask it as a Secret, or entirely if it does not parse as one. */
function maskLastApplied(v: unknown, masker: SecretMasker): string {
  if (typeof v !== 'string') return '+'.repeat(MASK_LENGTH);
  try {
    const parsed: unknown = JSON.parse(v);
    if (isSecret(parsed)) return JSON.stringify(maskSecrets(parsed, masker));
  } catch {
    // fall through: an unparseable annotation is masked whole
  }
  return '+'.repeat(MASK_LENGTH);
}

/** Masks a desired/live pair with one masker, so equal values line up in the diff. */
export function maskSecretPair<D, L>(desired: D, live: L): { desired: D; live: L } {
  const masker = new SecretMasker();
  return { desired: maskSecrets(desired, masker), live: maskSecrets(live, masker) };
}
