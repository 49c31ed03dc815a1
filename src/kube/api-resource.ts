// A resource type as discovery describes it, and the REST paths built from it.

export interface ApiResource {
  /** API group; `""` is the core group. */
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  resource: string;
  namespaced: boolean;
  verbs: readonly string[];
  /** Subresources such as `status` or `scale`. */
  subresources?: readonly string[];
}

export interface PathParams {
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(res: Pick<ApiResource, 'group' | 'version'>): string {
  return res.group === '' ? res.version : `${res.group}/${res.version}`;
}

/**
 * `/api/v1/namespaces/ns/pods/name/status`. Without a namespace, a namespaced resource's path
 * addresses all namespaces (lists and watches); cluster-scoped resources ignore the namespace.
 */
export function resourcePath(res: ApiResource, params: PathParams = {}): string {
  const prefix = res.group === '' ? `/api/${res.version}` : `/apis/${res.group}/${res.version}`;
  const ns = res.namespaced && params.namespace ? `/namespaces/${encodeURIComponent(params.namespace)}` : '';
  let path = `${prefix}${ns}/${res.resource}`;
  if (params.name !== undefined) {
    if (params.name === '') throw new Error(`empty name for ${res.resource}`);
    path += `/${encodeURIComponent(params.name)}`;
    if (params.subresource) path += `/${params.subresource}`;
  }
  return path;
}

/** Query string from defined values only, with a leading `?` when not empty. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function supportsVerbs(res: ApiResource, ...verbs: string[]): boolean {
  return verbs.every((v) => res.verbs.includes(v));
}

/** `group/kind`, the key discovery and the cache index types by. */
export function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}
