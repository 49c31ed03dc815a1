// Identity of a Kubernetes resource in the UI: group/kind/namespace/name.
export interface ResourceId {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
}
export function resourceKey(r: ResourceId): string {
  return `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
