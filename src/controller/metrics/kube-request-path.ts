// What a Kubernetes API request path names (resource, namespace, name) and its verb, for metric labels.

export interface KubeRequestTarget {
  /** The API group ('' for the core group). */
  group: string;
  /** The resource as the URL names it (`deployments`), or '' for discovery and other non-resource paths. */
  resource: string;
  namespace: string;
  name: string;
}

/** Parses `/api/v1/...` and `/apis/<group>/<version>/...`; other paths give an empty resource. */
export function parseKubeRequestPath(path: string): KubeRequestTarget {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  let rest: string[];
  let group = '';
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else return { group: '', resource: '', namespace: '', name: '' };
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  return { group, resource: rest[0] ?? '', namespace, name: rest[1] ?? '' };
}

/** The Kubernetes verb of a request: get/list by whether a name is given, create, update, patch, delete. */
export function kubeVerb(method: string, target: KubeRequestTarget): string {
  switch (method) {
    case 'GET':
      return target.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

/** The kubectl command a write corresponds to (Argo CD's argocd_kubectl_exec_* label), if any. */
export function kubectlCommand(method: string, contentType: string | undefined): string | undefined {
  if (method === 'PATCH') return contentType === 'application/apply-patch+yaml' ? 'apply' : 'patch';
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'replace';
  if (method === 'DELETE') return 'delete';
  return undefined;
}
