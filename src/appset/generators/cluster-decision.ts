// The clusterDecisionResource generator: clusters listed in the status of a "duck-typed" resource (e.g. OCM Placement).
import { isPlainObject, matchesSelector, type DuckTypeGenerator } from '../../model/index.js';
import { GeneratorError, type Params } from '../params.js';
import { withValues } from '../render-strings.js';
import type { GenerateContext, GeneratorOutput } from './types.js';

const DEFAULT_REQUEUE_SECONDS = 3 * 60;

export async function generateClusterDecision(
  gen: DuckTypeGenerator,
  ctx: GenerateContext,
): Promise<GeneratorOutput> {
  const cm = ctx.deps.object('ConfigMap', gen.configMapRef) as { data?: Record<string, string> } | undefined;
  if (!cm) throw new GeneratorError(`clusterDecisionResource: ConfigMap ${gen.configMapRef} not found`);
  const { apiVersion, kind, statusListKey, matchKey } = cm.data ?? {};
  if (!apiVersion || !kind || !statusListKey || !matchKey)
    throw new GeneratorError(
      `clusterDecisionResource: ConfigMap ${gen.configMapRef} needs apiVersion, kind, statusListKey and matchKey`,
    );
  if (!gen.name && !gen.labelSelector)
    throw new GeneratorError('clusterDecisionResource: set name or labelSelector');
  const resources = (await ctx.deps.list(apiVersion, kind)).filter((r) =>
    gen.name ? r.metadata.name === gen.name : matchesSelector(gen.labelSelector, r.metadata.labels ?? {}),
  );
  const clusters = ctx.deps.clusters();
  const out: Params[] = [];
  for (const r of resources) {
    const status = (r as { status?: unknown }).status;
    const decisions = isPlainObject(status) ? status[statusListKey] : undefined;
    if (!Array.isArray(decisions)) continue;
    for (const d of decisions) {
      if (!isPlainObject(d)) continue;
      const cluster = clusters.find((c) => c.name === d[matchKey]);
      if (!cluster) continue;
      const params: Params = {};
      for (const [k, v] of Object.entries(d)) if (typeof v === 'string') params[k] = v;
      params['name'] = cluster.name;
      params['server'] = cluster.server;
      out.push(withValues(params, gen.values, ctx));
    }
  }
  return { params: out, requeueAfterSeconds: gen.requeueAfterSeconds ?? DEFAULT_REQUEUE_SECONDS };
}
