// Pure parsing of discovery documents (aggregated v2 and legacy per-group-version) into ApiResources.
import { isPlainObject } from '../model/kube-object.js';
import type { ApiResource } from './api-resource.js';

/** Resources of one group version, first version of a group = the server's preferred one. */
export interface GroupVersionResources {
  group: string;
  version: string;
  preferred: boolean;
  resources: ApiResource[];
}

type Dict = Record<string, unknown>;

/** `APIGroupDiscoveryList` (apidiscovery.k8s.io/v2) → resources; undefined if the doc is another kind. */
export function parseAggregatedDiscovery(doc: unknown): GroupVersionResources[] | undefined {
  if (!isPlainObject(doc) || doc.kind !== 'APIGroupDiscoveryList' || !Array.isArray(doc.items))
    return undefined;
  const out: GroupVersionResources[] = [];
  for (const g of doc.items.filter(isPlainObject)) {
    const group = isPlainObject(g.metadata) && typeof g.metadata.name === 'string' ? g.metadata.name : '';
    const versions = Array.isArray(g.versions) ? g.versions.filter(isPlainObject) : [];
    versions.forEach((v, i) => {
      const version = String(v.version ?? '');
      const resources = (Array.isArray(v.resources) ? v.resources.filter(isPlainObject) : []).flatMap((r) =>
        aggregatedResource(group, version, r),
      );
      out.push({ group, version, preferred: i === 0, resources });
    });
  }
  return out;
}

function aggregatedResource(group: string, version: string, r: Dict): ApiResource[] {
  const kind = isPlainObject(r.responseKind) ? r.responseKind.kind : undefined;
  if (typeof r.resource !== 'string' || typeof kind !== 'string' || kind === '') return [];
  const subresources = (Array.isArray(r.subresources) ? r.subresources.filter(isPlainObject) : []).flatMap(
    (s) => (typeof s.subresource === 'string' ? [s.subresource] : []),
  );
  return [
    {
      group,
      version,
      kind,
      resource: r.resource,
      namespaced: r.scope === 'Namespaced',
      verbs: stringList(r.verbs),
      ...(subresources.length ? { subresources } : {}),
    },
  ];
}

/** `APIGroupList` from `/apis` → group versions to fetch, preferred first within each group. */
export function parseGroupList(doc: unknown): { group: string; version: string; preferred: boolean }[] {
  if (!isPlainObject(doc) || !Array.isArray(doc.groups)) return [];
  return doc.groups.filter(isPlainObject).flatMap((g) => {
    const group = String(g.name ?? '');
    const preferred = isPlainObject(g.preferredVersion) ? String(g.preferredVersion.version ?? '') : '';
    const versions = (Array.isArray(g.versions) ? g.versions.filter(isPlainObject) : []).map((v) =>
      String(v.version ?? ''),
    );
    const ordered = [...versions.filter((v) => v === preferred), ...versions.filter((v) => v !== preferred)];
    return ordered.map((version, i) => ({ group, version, preferred: i === 0 }));
  });
}

/** `APIResourceList` of one group version → resources with their subresources attached. */
export function parseResourceList(group: string, version: string, doc: unknown): ApiResource[] {
  if (!isPlainObject(doc) || !Array.isArray(doc.resources)) return [];
  const entries = doc.resources.filter(isPlainObject);
  const subs = new Map<string, string[]>();
  for (const r of entries) {
    const name = String(r.name ?? '');
    const slash = name.indexOf('/');
    if (slash > 0)
      subs.set(name.slice(0, slash), [...(subs.get(name.slice(0, slash)) ?? []), name.slice(slash + 1)]);
  }
  return entries.flatMap((r) => {
    const name = String(r.name ?? '');
    if (name === '' || name.includes('/') || typeof r.kind !== 'string') return [];
    const s = subs.get(name);
    return [
      {
        group,
        version,
        kind: r.kind,
        resource: name,
        namespaced: r.namespaced === true,
        verbs: stringList(r.verbs),
        ...(s ? { subresources: s } : {}),
      },
    ];
  });
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
