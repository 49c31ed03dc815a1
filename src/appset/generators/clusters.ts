// The clusters generator: one parameter set per cluster Secret matching the selector (plus in-cluster when unselected).
import {
  isEmptySelector,
  LABEL_SECRET_TYPE,
  matchesSelector,
  type ClusterGenerator,
} from '../../model/index.js';
import type { Cluster } from '../../model/cluster-secret.js';
import { normalizeName, type Params } from '../params.js';
import { withValues } from '../render-strings.js';
import type { GenerateContext } from './types.js';

/** Labels as Argo CD sees them: the Secret's, which include the secret-type label. */
function labelsOf(c: Cluster): Record<string, string> {
  return c.secretName === undefined ? {} : { ...c.labels, [LABEL_SECRET_TYPE]: 'cluster' };
}

function clusterParams(c: Cluster, goTemplate: boolean): Params {
  const labels = labelsOf(c);
  const base = {
    name: c.name,
    nameNormalized: normalizeName(c.name),
    server: c.server,
    project: c.project ?? '',
  };
  if (goTemplate) return { ...base, metadata: { labels, annotations: { ...c.annotations } } };
  const flat: Params = { ...base };
  for (const [k, v] of Object.entries(labels)) flat[`metadata.labels.${k}`] = v;
  for (const [k, v] of Object.entries(c.annotations)) flat[`metadata.annotations.${k}`] = v;
  return flat;
}

export function generateClusters(gen: ClusterGenerator, ctx: GenerateContext): Params[] {
  // A selector with terms leaves out the local cluster unless a Secret declares it (Argo CD's rule).
  const ignoreLocal = !isEmptySelector(gen.selector);
  return ctx.deps
    .clusters()
    .filter((c) => !(ignoreLocal && c.secretName === undefined))
    .filter((c) => matchesSelector(gen.selector, labelsOf(c)))
    .map((c) => withValues(clusterParams(c, ctx.goTemplate), gen.values, ctx));
}
