// The resource tree of an app: tracked objects and their descendants by ownerReferences, each with health.
import type { ReadPort } from './ports.js';
import type { Application, KubeObject } from '../model/index.js';
import { splitApiVersion } from '../model/index.js';

export interface ResourceRef {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export interface ResourceNode extends ResourceRef {
  parentRefs?: ResourceRef[];
  health?: { status: string; message?: string };
  resourceVersion?: string;
  createdAt?: string;
  images?: string[];
}

/** Guards against ownerReference cycles and runaway trees (a Job with thousands of Pods). */
const MAX_NODES = 5_000;

function refOf(o: KubeObject): ResourceRef {
  const { group, version } = splitApiVersion(o.apiVersion);
  return {
    group,
    version,
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name ?? '',
    uid: o.metadata.uid ?? '',
  };
}

function imagesOf(o: KubeObject): string[] | undefined {
  if (o.kind !== 'Pod') return undefined;
  const spec = o.spec as { containers?: { image?: string }[] } | undefined;
  const images = (spec?.containers ?? []).map((c) => c.image).filter((i): i is string => !!i);
  return images.length > 0 ? images : undefined;
}

export function resourceTree(read: ReadPort, app: Application): { nodes: ResourceNode[]; hosts: [] } {
  const nodes: ResourceNode[] = [];
  const seen = new Set<string>();
  const visit = (o: KubeObject, parent: KubeObject | undefined) => {
    const uid = o.metadata.uid ?? '';
    if (!uid || seen.has(uid) || nodes.length >= MAX_NODES) return;
    seen.add(uid);
    const h = read.assessHealth(o);
    const node: ResourceNode = {
      ...refOf(o),
      health: h.message ? { status: h.status, message: h.message } : { status: h.status },
    };
    if (parent) node.parentRefs = [refOf(parent)];
    if (o.metadata.resourceVersion) node.resourceVersion = o.metadata.resourceVersion;
    if (o.metadata.creationTimestamp) node.createdAt = o.metadata.creationTimestamp;
    const images = imagesOf(o);
    if (images) node.images = images;
    nodes.push(node);
    for (const child of read.childrenOf(uid)) visit(child, o);
  };
  for (const root of read.trackedObjects(app)) visit(root, undefined);
  return { nodes, hosts: [] };
}
