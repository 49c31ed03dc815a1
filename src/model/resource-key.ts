// Resource identity: group/kind/namespace/name, as a value and as a stable string.
import { groupOf, type KubeObject } from './kube-object.js';

export interface ResourceKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export function keyOf(obj: KubeObject): ResourceKey {
  return {
    group: groupOf(obj),
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
  };
}

/** `group/kind/namespace/name` — unique per object within one cluster. */
export function keyString(k: ResourceKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

export function objectKeyString(obj: KubeObject): string {
  return keyString(keyOf(obj));
}

export function parseKeyString(s: string): ResourceKey {
  const [group = '', kind = '', namespace = '', ...rest] = s.split('/');
  return { group, kind, namespace, name: rest.join('/') };
}

/** `kind/name` or `kind/namespace/name` for messages. */
export function describeKey(k: ResourceKey): string {
  const g = k.group ? `${k.kind}.${k.group}` : k.kind;
  return k.namespace ? `${g} ${k.namespace}/${k.name}` : `${g} ${k.name}`;
}
