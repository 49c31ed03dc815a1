// A plan as the ordered steps an operation walks through: one step per wave, SyncFail kept apart.
import { parseKeyString, type ResourceResult } from '../model/index.js';
import type { SyncPlan, SyncTask, SyncWave } from './plan-types.js';
import { groupWaves } from './order.js';

/** Tasks run together; the step is finished when each has its result (and, if asked, is healthy). */
export interface OpStep {
  /** Position in the operation (steps run in this order). */
  index: number;
  wave: number;
  tasks: SyncTask[];
  /** Applied resources must be healthy before the next step (hooks are always awaited). */
  waitForHealth: boolean;
}

export interface OpSteps {
  dryRun: boolean;
  /** PreSync, Sync (applies, then prunes), PostSync, then PruneLast. */
  main: OpStep[];
  /** Only when the operation fails. */
  syncFail: OpStep[];
  /** Prunes waiting for `deletion-approved`: the operation stays Running when everything else is done. */
  awaitingConfirmation: string[];
}

/** The steps of a plan. A wave waits for health only when more work follows it (as Argo CD does). */
export function planSteps(plan: SyncPlan): OpSteps {
  const waves: SyncWave[] = [
    ...plan.phases.flatMap((p) => p.waves),
    // PruneLast runs after PostSync, wave by wave (the list is already in prune order).
    ...groupWaves(plan.pruneLast),
  ].filter((w) => w.tasks.length > 0);
  const main = waves.map((w, i) => ({
    index: i,
    wave: w.wave,
    tasks: w.tasks,
    waitForHealth: !plan.dryRun && i < waves.length - 1,
  }));
  const syncFail = plan.syncFail.map((w, i) => ({
    index: main.length + i,
    wave: w.wave,
    tasks: w.tasks,
    waitForHealth: false,
  }));
  return { dryRun: plan.dryRun, main, syncFail, awaitingConfirmation: plan.awaitingConfirmation };
}

/** Steps that run hooks outside a sync (PostDelete): every wave awaited, no SyncFail. */
export function hookSteps(waves: readonly SyncWave[]): OpSteps {
  return {
    dryRun: false,
    main: waves.map((w, i) => ({ index: i, wave: w.wave, tasks: w.tasks, waitForHealth: true })),
    syncFail: [],
    awaitingConfirmation: [],
  };
}

/** Skips reported as results (Argo CD's PruneSkipped); they carry no syncPhase, so they are not tasks. */
export function skipResults(plan: SyncPlan): ResourceResult[] {
  return plan.skipped
    .filter((s) => s.result === 'PruneSkipped')
    .map((s) => ({ ...parseKeyString(s.key), version: '', status: 'PruneSkipped', message: s.message }));
}
