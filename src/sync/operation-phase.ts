// The phase of a sync operation derived from its task results (what operationState.phase shows).
import type { OperationPhase, ResourceResult } from '../model/index.js';

export type HookPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';

/** One task's result so far; a hook's progress is its hookPhase. */
export interface TaskOutcome {
  key: string;
  status?: ResourceResult['status'];
  hookPhase?: HookPhase;
  message?: string;
}

export interface PhaseOptions {
  /** Tasks of the plan not started yet. */
  remainingTasks?: number;
  /** Prunes waiting for `deletion-approved`: Argo CD keeps the operation Running meanwhile. */
  awaitingConfirmation?: number;
  /** The user asked to terminate the operation. */
  terminating?: boolean;
}

export interface PhaseVerdict {
  phase: OperationPhase;
  message: string;
}

const IN_FLIGHT: ReadonlySet<HookPhase> = new Set(['Pending', 'Running', 'Terminating']);

function failed(o: TaskOutcome): boolean {
  return o.status === 'SyncFailed' || o.hookPhase === 'Failed' || o.hookPhase === 'Error';
}

export function operationPhaseFrom(results: readonly TaskOutcome[], opts: PhaseOptions = {}): PhaseVerdict {
  const inFlight = results.filter((o) => o.hookPhase !== undefined && IN_FLIGHT.has(o.hookPhase));
  if (opts.terminating === true) {
    return inFlight.length > 0
      ? { phase: 'Terminating', message: `terminating: waiting for ${inFlight.length} running hook(s)` }
      : { phase: 'Failed', message: 'operation terminated' };
  }
  // Hooks already started run to completion even after a failure, so we keep waiting for them.
  if (inFlight.length > 0)
    return { phase: 'Running', message: `waiting for ${inFlight.length} hook(s) to complete` };
  const failures = results.filter(failed);
  if (failures.length > 0) {
    const detail = failures.map((o) => (o.message ? `${o.key}: ${o.message}` : o.key)).join('; ');
    return {
      phase: 'Failed',
      message: `one or more synchronization tasks completed unsuccessfully: ${detail}`,
    };
  }
  if ((opts.remainingTasks ?? 0) > 0)
    return { phase: 'Running', message: `${opts.remainingTasks ?? 0} task(s) to run` };
  if ((opts.awaitingConfirmation ?? 0) > 0) {
    return {
      phase: 'Running',
      message: `waiting for pruning confirmation of ${opts.awaitingConfirmation ?? 0} resource(s)`,
    };
  }
  return { phase: 'Succeeded', message: 'successfully synced (all tasks run)' };
}
