// Where an operation stands: the first step not finished, and what in it is pending, in flight or to clean up.
import type { ResourceResult } from '../model/index.js';
import { describeKey } from '../model/index.js';
import type { OpStep } from './op-steps.js';
import { isFailure, resultKey, taskKey, type OpState } from './op-state.js';
import type { SyncTask } from './plan-types.js';

export interface Frontier {
  mode: 'main' | 'syncFail';
  /** Undefined when every step of this mode is finished. */
  step?: OpStep;
  /** No result yet: to run. */
  pending: SyncTask[];
  /** Hooks running, or applied resources not yet healthy: to await. */
  inFlight: SyncTask[];
  /** Finished hooks whose delete policy is still to be carried out. */
  toClean: SyncTask[];
}

export function resultsByKey(state: OpState): Map<string, ResourceResult> {
  return new Map(state.results.map((r) => [resultKey(r), r]));
}

/** Whether the attempt failed; the message names every failed resource (or the failure itself). */
export function failureOf(state: OpState): { phase: 'Failed' | 'Error'; message: string } | undefined {
  if (state.failure) return state.failure;
  const failed = state.results.filter(isFailure);
  if (failed.length === 0) return undefined;
  return { phase: 'Failed', message: failed.map((r) => `${describeKey(r)}: ${r.message}`).join('; ') };
}

function cleanupDue(task: SyncTask, r: ResourceResult | undefined, state: OpState): boolean {
  if (task.kind !== 'hook' || r === undefined || state.steps?.dryRun === true) return false;
  if (state.cleaned.includes(taskKey(task))) return false;
  const policies = task.hookDeletePolicies ?? [];
  if (r.hookPhase === 'Succeeded') return policies.includes('HookSucceeded');
  if (r.hookPhase === 'Failed') return policies.includes('HookFailed');
  return false;
}

function classify(step: OpStep, state: OpState, results: Map<string, ResourceResult>) {
  const pending: SyncTask[] = [];
  const inFlight: SyncTask[] = [];
  const toClean: SyncTask[] = [];
  for (const task of step.tasks) {
    const key = taskKey(task);
    const r = results.get(key);
    if (cleanupDue(task, r, state)) toClean.push(task);
    if (r === undefined) pending.push(task);
    else if (isFailure(r)) continue;
    else if (task.kind === 'hook') {
      if (r.hookPhase !== 'Succeeded') inFlight.push(task);
    } else if (task.kind === 'apply' && step.waitForHealth && !state.healthy.includes(key)) {
      inFlight.push(task);
    }
  }
  return { pending, inFlight, toClean };
}

/**
 * The first step with work left. In a failed attempt, failed hooks of the main steps are cleaned up
 * first, then the SyncFail steps run (never in a dry run).
 */
export function frontier(state: OpState): Frontier {
  const steps = state.steps;
  const results = resultsByKey(state);
  if (steps === undefined) return { mode: 'main', pending: [], inFlight: [], toClean: [] };
  const failed = failureOf(state) !== undefined;
  if (failed) {
    const toClean = steps.main.flatMap((s) => classify(s, state, results).toClean);
    if (toClean.length > 0) return { mode: 'syncFail', pending: [], inFlight: [], toClean };
  }
  const walk = failed ? (steps.dryRun ? [] : steps.syncFail) : steps.main;
  for (const step of walk) {
    const c = classify(step, state, results);
    // A failure inside a SyncFail step ends that step's work too: only what is in flight is awaited.
    if (c.pending.length + c.inFlight.length + c.toClean.length > 0)
      return { mode: failed ? 'syncFail' : 'main', step, ...c };
  }
  return { mode: failed ? 'syncFail' : 'main', pending: [], inFlight: [], toClean: [] };
}
