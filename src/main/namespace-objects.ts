// The control namespace's Secrets and ConfigMaps from the watch cache, as one list kept until one of them changes.
import type { LiveCache } from '../kube/live-cache.js';
import type { KubeObject } from '../model/index.js';

/**
 * Credentials are looked up at every git command (several per reconcile): listing the cache each time copied every
 * ConfigMap of every namespace and made the credentials fingerprint them again. The same array comes back until a
 * Secret or ConfigMap of `namespace` changes, so its readers can tell "nothing changed" by identity.
 */
export function namespaceObjectsOf(
  cache: Pick<LiveCache, 'list' | 'on'>,
  namespace: string,
): () => readonly KubeObject[] {
  let objects: readonly KubeObject[] | undefined;
  cache.on((_type, obj) => {
    if ((obj.kind === 'Secret' || obj.kind === 'ConfigMap') && obj.metadata.namespace === namespace)
      objects = undefined;
  });
  return () =>
    (objects ??= [...cache.list('', 'Secret', namespace), ...cache.list('', 'ConfigMap', namespace)]);
}
