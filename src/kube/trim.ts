// Trims live objects before caching: managedFields and last-applied copies are most of an object's bytes.
import type { KubeObject } from '../model/kube-object.js';
import { isPlainObject } from '../model/kube-object.js';
import { ANNOTATION_TRACKING_ID } from '../model/application.js';

export const ANNOTATION_LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface TrimOptions {
  /** managedFields entries of these managers are kept (the diff needs ours); others are dropped. */
  keepManagers: readonly string[];
}

export const DEFAULT_KEEP_MANAGERS: readonly string[] = ['driftless'];

/**
 * A copy of `obj` without foreign managedFields and the last-applied annotation; status is kept
 * (health reads it). Tracked objects keep last-applied: the comparison's three-way rule needs it
 * for objects applied client-side (adopted from Argo CD) when no dry run predicts them. Only `metadata` is copied: the rest is shared with the input, which callers
 * hand over (a freshly parsed response) and do not mutate afterwards.
 */
export function trimObject<T extends KubeObject>(obj: T, opts: TrimOptions): T {
  const { managedFields, annotations, ...meta } = obj.metadata;
  const metadata: KubeObject['metadata'] = meta;
  if (Array.isArray(managedFields) && opts.keepManagers.length > 0) {
    const kept = managedFields.filter(
      (m) => isPlainObject(m) && typeof m.manager === 'string' && opts.keepManagers.includes(m.manager),
    );
    if (kept.length > 0) metadata.managedFields = kept;
  }
  if (annotations) {
    if (ANNOTATION_LAST_APPLIED in annotations && !(ANNOTATION_TRACKING_ID in annotations)) {
      const { [ANNOTATION_LAST_APPLIED]: _dropped, ...rest } = annotations;
      if (Object.keys(rest).length > 0) metadata.annotations = rest;
    } else {
      metadata.annotations = annotations;
    }
  }
  return { ...obj, metadata };
}
