// Where an Application deploys: its destination resolved to a declared cluster, and that cluster's live target.
import type { Application } from '../model/index.js';
import type { Cluster } from '../model/cluster-secret.js';
import type { ClusterTarget } from './cluster-caches.js';
import type { ControllerContext } from './context.js';

export type Destination = { ok: true; cluster: Cluster; namespace: string } | { ok: false; error: string };

export type AcquiredDestination =
  | { ok: true; cluster: Cluster; namespace: string; target: ClusterTarget }
  /** `unreachable`: the cluster is declared but cannot be reached now (its apps are Unknown, not invalid). */
  | { ok: false; error: string; unreachable: boolean };

/** The destination's cluster and namespace, checked against a namespace-scoped cluster's namespaces. */
export function resolveDestination(ctx: ControllerContext, app: Application): Destination {
  const d = app.spec.destination;
  const r = ctx.clusters.resolve({ server: d.server, name: d.name });
  if (!r.ok) return r;
  const namespace = d.namespace ?? '';
  const scoped = r.cluster.namespaces;
  if (scoped.length > 0 && namespace !== '' && !scoped.includes(namespace))
    return {
      ok: false,
      error: `namespace "${namespace}" is not managed in cluster ${r.cluster.name} (its namespaces: ${scoped.join(', ')})`,
    };
  return { ok: true, cluster: r.cluster, namespace };
}

/** The live target of the app's cluster if its cache is running; undefined otherwise (read paths show nothing). */
export function liveTarget(ctx: ControllerContext, app: Application): ClusterTarget | undefined {
  const d = resolveDestination(ctx, app);
  return d.ok ? ctx.targets.peek(d.cluster) : undefined;
}

/** Resolves the destination and starts (or waits briefly for) its cluster's cache. */
export async function acquireDestination(
  ctx: ControllerContext,
  app: Application,
): Promise<AcquiredDestination> {
  const d = resolveDestination(ctx, app);
  if (!d.ok) return { ...d, unreachable: false };
  const a = await ctx.targets.acquire(d.cluster);
  if (!a.ok) return { ok: false, error: a.error, unreachable: true };
  return { ...d, target: a.target };
}
