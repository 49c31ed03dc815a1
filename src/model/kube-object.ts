// The shape of any Kubernetes object as Driftless handles it, and helpers to read its identity.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object: apiVersion/kind/metadata plus arbitrary fields. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Splits `apps/v1` into group `apps` and version `v1`; `v1` is the core group `""`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function groupOf(obj: Pick<KubeObject, 'apiVersion'>): string {
  return splitApiVersion(obj.apiVersion).group;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Structural equality of JSON values: object key order ignored, own properties only, and a property
 * holding `undefined` counts as absent (as JSON.stringify and the apiserver see it).
 */
export function deepEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqualJson(v, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const present = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = present(a);
  return ka.length === present(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqualJson(a[k], b[k]));
}

/** Set by the renderer on Secrets made only of values it decrypted from SOPS files (never taken from Git). */
export const ANNOTATION_SOPS_DECRYPTED = 'driftless.io/sops-decrypted';
