// What the ApplicationSets pages say about a set: its generators in a line, its error, its rollout progress.
import type {
  ApplicationSet,
  ApplicationSetApplicationStatus,
  ApplicationSetCondition,
  Generator,
} from '../api/types.ts';

const selectorText = (s: Generator['selector']): string => {
  if (!s) return '';
  const labels = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (s.matchExpressions ?? []).map(
    (e) => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`,
  );
  return [...labels, ...exprs].join(', ');
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** One generator in a few words: `clusters (env=production)`, `list (3 elements)`, `matrix (clusters × git)`. */
export function generatorText(g: Generator): string {
  const kind = (Object.keys(g) as (keyof Generator)[]).find((k) => k !== 'selector' && g[k] !== undefined);
  const outer = g.selector ? ` where ${selectorText(g.selector)}` : '';
  const detail = ((): string => {
    if (g.list) {
      const n = g.list.elements?.length;
      return n !== undefined ? plural(n, 'element') : g.list.elementsYaml ? 'elements from YAML' : '';
    }
    if (g.clusters) return selectorText(g.clusters.selector) || 'every cluster';
    if (g.git) {
      const what = g.git.files?.length ? 'files' : 'directories';
      const paths = (g.git.files ?? g.git.directories ?? []).map((p) => (p.exclude ? `!${p.path}` : p.path));
      return `${what} ${paths.join(', ')} of ${g.git.repoURL}@${g.git.revision || 'HEAD'}`;
    }
    if (g.matrix) return g.matrix.generators.map(generatorKind).join(' × ');
    if (g.merge)
      return `${g.merge.generators.map(generatorKind).join(' + ')} by ${g.merge.mergeKeys.join(', ')}`;
    if (g.plugin) return g.plugin.configMapRef.name;
    if (g.clusterDecisionResource) return g.clusterDecisionResource.configMapRef;
    return '';
  })();
  return `${kind ?? 'unknown'}${detail ? ` (${detail})` : ''}${outer}`;
}

function generatorKind(g: Generator): string {
  return (Object.keys(g) as (keyof Generator)[]).find((k) => k !== 'selector' && g[k] !== undefined) ?? '?';
}

/** The set's generators in one line. */
export function generatorsText(set: ApplicationSet): string {
  return (set.spec.generators ?? []).map(generatorText).join('; ') || 'no generators';
}

/** The ErrorOccurred condition when it is True: the reason no Applications were (re)generated. */
export function appSetError(set: ApplicationSet): ApplicationSetCondition | undefined {
  return set.status?.conditions?.find((c) => c.type === 'ErrorOccurred' && c.status === 'True');
}

export interface RolloutSummary {
  /** The steps (1-based) in order, each with how many apps are in each progressive status. */
  steps: { step: string; counts: Partial<Record<ApplicationSetApplicationStatus['status'], number>> }[];
  /** The first step whose apps are not all Healthy; undefined once every step is done. */
  current: string | undefined;
  total: number;
}

/** Progressive sync (RollingSync) progress from status.applicationStatus; undefined for other strategies. */
export function rolloutSummary(set: ApplicationSet): RolloutSummary | undefined {
  if (set.spec.strategy?.type !== 'RollingSync') return undefined;
  const total = set.spec.strategy.rollingSync?.steps?.length ?? 0;
  const bySteps = new Map<string, RolloutSummary['steps'][number]['counts']>();
  for (const s of set.status?.applicationStatus ?? []) {
    const counts = bySteps.get(s.step) ?? {};
    counts[s.status] = (counts[s.status] ?? 0) + 1;
    bySteps.set(s.step, counts);
  }
  const steps = [...bySteps.entries()]
    .map(([step, counts]) => ({ step, counts }))
    .sort((a, b) => Number(a.step) - Number(b.step));
  const current = steps.find((s) => Object.keys(s.counts).some((k) => k !== 'Healthy'))?.step;
  return { steps, current, total };
}

/** `step 2 of 3: 1 Progressing, 2 Waiting` or `all 3 steps done`. */
export function rolloutText(r: RolloutSummary): string {
  if (r.steps.length === 0) return `RollingSync, ${plural(r.total, 'step')}: no apps yet`;
  if (r.current === undefined) return `all ${plural(r.total, 'step')} done`;
  const counts = r.steps.find((s) => s.step === r.current)?.counts ?? {};
  const parts = Object.entries(counts).map(([status, n]) => `${n} ${status}`);
  return `step ${r.current} of ${r.total}: ${parts.join(', ')}`;
}
