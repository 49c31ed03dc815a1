// Runs an ApplicationSet's generators: one parameter set per Application, each with the template to render it.
import { matchesSelector, selectorProblems, type AppTemplate, type Generator } from '../../model/index.js';
import { flatParams, GeneratorError, type Params } from '../params.js';
import { generateClusterDecision } from './cluster-decision.js';
import { generateClusters } from './clusters.js';
import { generateMatrix, generateMerge } from './combine.js';
import { generateGit } from './git.js';
import { generateList } from './list.js';
import { generatePlugin } from './plugin.js';
import type { GenerateContext, GeneratorOutput } from './types.js';

/** matrix/merge may hold matrix/merge once more (two levels), as Argo CD allows. */
const MAX_DEPTH = 2;

const KINDS = ['list', 'clusters', 'git', 'matrix', 'merge', 'plugin', 'clusterDecisionResource'] as const;

async function runOne(gen: Generator, ctx: GenerateContext, depth: number): Promise<GeneratorOutput> {
  const kinds = KINDS.filter((k) => gen[k] !== undefined);
  if (kinds.length !== 1)
    throw new GeneratorError(
      kinds.length === 0
        ? `a generator must be one of ${KINDS.join(', ')}`
        : `a generator must have exactly one kind, this one has ${kinds.join(' and ')}`,
      'InvalidGenerator',
    );
  let out: GeneratorOutput;
  if (gen.list) out = { params: generateList(gen.list, ctx) };
  else if (gen.clusters) out = { params: generateClusters(gen.clusters, ctx) };
  else if (gen.git)
    out = {
      params: await generateGit(gen.git, ctx),
      ...(gen.git.requeueAfterSeconds ? { requeueAfterSeconds: gen.git.requeueAfterSeconds } : {}),
    };
  else if (gen.plugin) out = await generatePlugin(gen.plugin, ctx);
  else if (gen.clusterDecisionResource) out = await generateClusterDecision(gen.clusterDecisionResource, ctx);
  else {
    if (depth >= MAX_DEPTH)
      throw new GeneratorError(
        'matrix and merge generators nest at most two levels deep',
        'InvalidGenerator',
      );
    out = gen.matrix
      ? await generateMatrix(gen.matrix, ctx, depth, runOne)
      : await generateMerge(gen.merge ?? { generators: [], mergeKeys: [] }, ctx, depth, runOne);
  }
  if (!gen.selector) return out;
  const problems = selectorProblems(gen.selector);
  if (problems.length > 0)
    throw new GeneratorError(`generator selector: ${problems.join('; ')}`, 'InvalidGenerator');
  return { ...out, params: out.params.filter((p) => matchesSelector(gen.selector, flatParams(p))) };
}

/** The parameter sets of one top-level generator, with that generator's template override if it has one. */
export interface GeneratedParams {
  params: Params[];
  template: AppTemplate | undefined;
  requeueAfterSeconds?: number;
}

function templateOf(gen: Generator): AppTemplate | undefined {
  for (const k of KINDS) {
    const t = (gen[k] as { template?: AppTemplate } | undefined)?.template;
    if (t) return t;
  }
  return undefined;
}

export async function runGenerators(ctx: GenerateContext): Promise<GeneratedParams[]> {
  const out: GeneratedParams[] = [];
  for (const gen of ctx.appSet.spec.generators ?? []) {
    const r = await runOne(gen, ctx, 0);
    out.push({
      params: r.params,
      template: templateOf(gen),
      ...(r.requeueAfterSeconds !== undefined ? { requeueAfterSeconds: r.requeueAfterSeconds } : {}),
    });
  }
  return out;
}
