// planSync: desired + live + compare + options → phases of waves of tasks, or a refusal. Pure.
import { newPlanContext } from './plan-context.js';
import { namespaceTask } from './create-namespace.js';
import { desiredTasks } from './desired-tasks.js';
import { dependencyWarnings, groupWaves, sortForApply, sortForPrune } from './order.js';
import type {
  PhasePlan,
  PlanInput,
  PlanProblem,
  PlanRefusal,
  SyncPhase,
  SyncPlan,
  SyncTask,
} from './plan-types.js';
import { extraneous, pruneTasks } from './prune-tasks.js';

const SYNC_PHASES: readonly SyncPhase[] = ['PreSync', 'Sync', 'PostSync'];

function inPhase(tasks: readonly SyncTask[], phase: SyncPhase): SyncTask[] {
  return tasks.filter((t) => t.phase === phase);
}

export function planSync(input: PlanInput): SyncPlan | PlanRefusal {
  const ctx = newPlanContext(input);
  const desired = desiredTasks(ctx);
  if (ctx.problems.length > 0) {
    const list = ctx.problems.map((p) => `${p.key}: ${p.message}`).join('; ');
    return {
      kind: 'PlanRefusal',
      reason: 'InvalidResources',
      message: `cannot plan a sync of ${input.appName}: ${list}`,
      problems: ctx.problems,
    };
  }

  const protectedKeys = new Set([...desired.appKeys, ...desired.hookKeys]);
  const candidates = extraneous(ctx, protectedKeys);
  const allowEmpty = input.allowEmpty ?? input.syncPolicy?.automated?.allowEmpty ?? false;
  // An empty render that would prune everything is far more often a broken source than an intent.
  if (input.prune && !allowEmpty && desired.appKeys.size === 0 && candidates.length > 0) {
    return {
      kind: 'PlanRefusal',
      reason: 'EmptyDesiredWithPrune',
      message:
        `refusing to sync ${input.appName}: the desired state is empty and pruning would delete all ` +
        `${candidates.length} resources; set syncPolicy.automated.allowEmpty=true if that is intended`,
      problems: [],
    };
  }
  const prunes = pruneTasks(ctx, candidates);
  const forbidden = forbiddenKinds([...desired.tasks, ...prunes.tasks, ...prunes.last], input.permitted);
  if (forbidden.length > 0) {
    return {
      kind: 'PlanRefusal',
      reason: 'ForbiddenResources',
      message: `cannot sync ${input.appName}: ${forbidden.map((p) => p.message).join('; ')}`,
      problems: forbidden,
    };
  }

  const tasks = [...desired.tasks];
  const lowestPreSync = inPhase(tasks, 'PreSync').reduce((min, t) => Math.min(min, t.wave), 0);
  const ns = namespaceTask(ctx, desired.appKeys, lowestPreSync);
  if (ns !== undefined) tasks.push(ns);

  const applySteps = SYNC_PHASES.map((phase) => groupWaves(sortForApply(inPhase(tasks, phase))));
  const phases: PhasePlan[] = SYNC_PHASES.map((phase, i) => ({ phase, waves: [...(applySteps[i] ?? [])] }));
  // Prunes close the Sync phase, highest wave first: the reverse of how things were built up.
  phases[1]?.waves.push(...groupWaves(sortForPrune(prunes.tasks)));
  ctx.warnings.push(...dependencyWarnings(applySteps.flat().map((w) => w.tasks)));

  return {
    kind: 'SyncPlan',
    dryRun: input.dryRun || input.operation.dryRun === true,
    phases,
    pruneLast: sortForPrune(prunes.last),
    syncFail: groupWaves(sortForApply(inPhase(tasks, 'SyncFail'))),
    postDelete: groupWaves(sortForApply(inPhase(tasks, 'PostDelete'))),
    skipped: ctx.skipped,
    awaitingConfirmation: ctx.awaitingConfirmation,
    warnings: ctx.warnings,
  };
}

/** One problem per group/kind the project does not permit (the project's rule says which and why). */
function forbiddenKinds(tasks: readonly SyncTask[], permitted: PlanInput['permitted']): PlanProblem[] {
  if (!permitted) return [];
  const seen = new Map<string, PlanProblem>();
  for (const t of tasks) {
    const { group, kind, namespace } = t.resource;
    const id = `${group}/${kind}/${namespace ? 'ns' : 'cluster'}`;
    if (seen.has(id)) continue;
    const refusal = permitted({ group, kind, namespaced: namespace !== '' });
    if (refusal !== undefined) seen.set(id, { key: t.key, message: refusal });
  }
  return [...seen.values()];
}

/** Every task of a plan in the order the executor meets them (SyncFail and PostDelete excluded). */
export function planTasks(plan: SyncPlan): SyncTask[] {
  return [...plan.phases.flatMap((p) => p.waves.flatMap((w) => w.tasks)), ...plan.pruneLast];
}
