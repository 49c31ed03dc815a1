// Starts the live-state cache at server start and waits for its first lists, stopping with what to grant
// when the identity may not list a type (a first list that is refused would otherwise never complete).
import { AbortError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import { isForbidden } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import { LiveCache } from '../kube/live-cache.js';
import type { ListWatchError } from '../kube/list-watch.js';

/** The install's ClusterRole that gives each component what it lists and watches. */
const CLUSTER_ROLE: Record<string, string> = {
  all: 'driftless-application-controller',
  'application-controller': 'driftless-application-controller',
  server: 'driftless-server',
};

/** What the component's identity lacks, and how an admin grants it. */
export function missingPermission(err: ListWatchError, component: string): AbortError {
  const role = CLUSTER_ROLE[component] ?? 'driftless-application-controller';
  const cause = err.cause instanceof Error ? err.cause.message.replace(/^\S+ \S+: 403 Forbidden: /, '') : '';
  return new AbortError(
    `the Kubernetes API refused to list ${err.resourceName} cluster-wide, which the ${component} component watches: ${cause}`,
    {
      hint:
        `grant this identity list and watch on ${err.resourceName} in every namespace: install.yaml's ` +
        `ClusterRole ${role} does, through a ClusterRoleBinding to the component's ServiceAccount ` +
        '(check that its subject names this ServiceAccount and namespace); or start with a kubeconfig that may',
      cause: err,
    },
  );
}

/**
 * A synced cache. A first list refused with 403 ends the start with missingPermission(); other failures
 * are retried by the watches and reported to `onError` (the caller's logger, once it has one).
 */
export async function startCache(opts: {
  client: KubeClient;
  discovery: Discovery;
  component: string;
  logged: { log?: Logger };
}): Promise<LiveCache> {
  let refuse: (e: AbortError) => void = () => {};
  const refused = new Promise<never>((_resolve, reject) => (refuse = reject));
  refused.catch(() => {}); // handled by the race below; never an unhandled rejection
  let starting = true;
  const cache = new LiveCache({
    client: opts.client,
    discovery: opts.discovery,
    onError: (e) => {
      if (starting && e.phase === 'list' && isForbidden(e.cause))
        refuse(missingPermission(e, opts.component));
      opts.logged.log?.warn('watch error (retrying)', { error: e.message });
    },
  });
  try {
    await cache.start();
    await Promise.race([cache.synced(), refused]);
    return cache;
  } catch (e) {
    await cache.stop();
    throw e;
  } finally {
    starting = false;
  }
}
