// Which events `/applications/{name}/events` lists: the app's own, or one resource's — only a resource of its tree.
import type { Application } from '../model/index.js';
import { notFound } from './http-error.js';
import type { ReadPort } from './ports.js';
import { resourceTree } from './resource-tree.js';

export interface EventScope {
  /** Namespace to list in; empty lists all namespaces (cluster-scoped objects). */
  namespace: string;
  fieldSelector: string;
}

/** As Argo CD: the resource (name, namespace and, if given, uid) must be a node of the app's tree, else 404. */
export function eventScope(read: ReadPort, app: Application, query: URLSearchParams): EventScope {
  const name = query.get('resourceName') ?? '';
  if (!name)
    return {
      namespace: read.namespace,
      fieldSelector: `involvedObject.name=${app.metadata.name},involvedObject.kind=Application`,
    };
  const namespace = query.get('resourceNamespace') ?? '';
  const uid = query.get('resourceUID') ?? '';
  const node = resourceTree(read, app).nodes.find(
    (n) => n.name === name && n.namespace === namespace && (!uid || n.uid === uid),
  );
  if (!node) {
    const label = `${namespace ? `${namespace}/` : ''}${name}`;
    throw notFound(`${label} is not part of application ${app.metadata.name}`);
  }
  const selector = [`involvedObject.name=${node.name}`, `involvedObject.uid=${node.uid}`];
  if (node.namespace) selector.push(`involvedObject.namespace=${node.namespace}`);
  return { namespace: node.namespace, fieldSelector: selector.join(',') };
}
