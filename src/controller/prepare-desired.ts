// Rendered objects → what the controller applies: namespaces filled in for namespaced kinds,
// cluster-scoped kinds stripped of a namespace, and the tracking annotation added (hooks excluded).
import type { KubeObject } from '../model/index.js';
import {
  ANNOTATION_INSTALLATION_ID,
  ANNOTATION_TRACKING_ID,
  LABEL_INSTANCE,
  keyOf,
  splitApiVersion,
} from '../model/index.js';
import { formatTrackingId } from '../model/tracking.js';
import { computeDigest, derivedDigest, rememberDigest } from '../model/content-digest.js';
import { hookInfo } from '../sync/hooks.js';

export type TrackingMethod = 'annotation' | 'label' | 'annotation+label';

/** Whether a kind is namespaced: true/false when known, undefined when the cluster does not know it. */
export type ScopeLookup = (group: string, kind: string) => boolean | undefined;

export interface PrepareOptions {
  instance: string;
  destinationNamespace: string;
  trackingMethod: TrackingMethod;
  isNamespaced: ScopeLookup;
  installationID?: string | undefined;
}

/** CRDs in the same render tell the scope of their kinds before the cluster knows them. */
function scopesFromCrds(objects: readonly KubeObject[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = o.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.group && spec.names?.kind)
      out.set(`${spec.group}/${spec.names.kind}`, spec.scope !== 'Cluster');
  }
  return out;
}

export function prepareDesired(rendered: readonly KubeObject[], opts: PrepareOptions): KubeObject[] {
  const crdScopes = scopesFromCrds(rendered);
  // Everything below that makes a desired object differ from its rendered one.
  const inputs = computeDigest([
    opts.instance,
    opts.destinationNamespace,
    opts.trackingMethod,
    opts.installationID ?? null,
  ]);
  return rendered.map((src) => {
    const obj: KubeObject = { ...src, metadata: { ...src.metadata } };
    const { group } = splitApiVersion(obj.apiVersion);
    const namespaced = opts.isNamespaced(group, obj.kind) ?? crdScopes.get(`${group}/${obj.kind}`) ?? true;
    if (namespaced) {
      if (!obj.metadata.namespace) obj.metadata.namespace = opts.destinationNamespace;
    } else {
      delete obj.metadata.namespace;
    }
    const hook = hookInfo(obj);
    if (!hook.isHook && !hook.skip) {
      if (opts.trackingMethod !== 'label') {
        obj.metadata.annotations = {
          ...obj.metadata.annotations,
          [ANNOTATION_TRACKING_ID]: formatTrackingId(opts.instance, keyOf(obj)),
        };
      }
      if (opts.trackingMethod !== 'annotation') {
        obj.metadata.labels = { ...obj.metadata.labels, [LABEL_INSTANCE]: opts.instance };
      }
      if (opts.installationID) {
        obj.metadata.annotations = {
          ...obj.metadata.annotations,
          [ANNOTATION_INSTALLATION_ID]: opts.installationID,
        };
      }
    }
    // A render's digest carries over (object and inputs as they were): no refresh serializes it again.
    const digest = derivedDigest(src, `${namespaced ? 'n' : 'c'}${inputs}`);
    if (digest !== undefined) rememberDigest(obj, digest);
    return obj;
  });
}
