// The thin runner: asks the machine what to do, does it, feeds the outcome back, until it must stop.
import { errorMessage } from '../common/errors.js';
import { next, nextAction } from './op-machine.js';
import { TERMINATE, type OpDeps } from './op-deps.js';
import { OpIo } from './op-io.js';
import type { OpAction, OpEvent, OpState } from './op-state.js';

export interface LoopHooks {
  /** Makes the plan of this attempt (render, compare, plan): `planned`, or `failed`. */
  plan: (state: OpState) => Promise<OpEvent>;
  /** Every new state (progress; may be written lazily). */
  onChange?: (state: OpState) => void;
  /**
   * Makes `state` durable. Called before the attempt's first write to the cluster (its identity,
   * start and revision: what a restart resumes, with the same operation id), before each deletion
   * of hooks (cleanup, termination: a hook deleted must be known finished), while hooks run (their
   * uids, which a termination after a restart reads) and before stopping to wait for pruning
   * approval. Not before planning or dry runs, which write nothing, nor before later waves of
   * plain objects: a restart that lost their progress applies them again, which changes nothing,
   * and adopts the hooks this attempt created (they carry its operation id).
   */
  checkpoint?: (state: OpState) => Promise<void>;
}

/** Whether `action` must find the state durable first (see LoopHooks.checkpoint). */
export function durableBefore(action: OpAction, started: boolean): boolean {
  switch (action.kind) {
    case 'cleanup':
    case 'terminateHooks':
      return true;
    case 'run':
      return !started;
    case 'await':
      return action.tasks.some((t) => t.kind === 'hook');
    default:
      return false;
  }
}

/** How long a successful operation waits for the cache to show its writes before its comparison. */
export const WRITES_SEEN_TIMEOUT_MS = 30_000;

export type LoopExit =
  | { reason: 'done' | 'awaitPruneConfirmation' | 'shutdown'; state: OpState }
  | { reason: 'retryWait'; state: OpState; until: number };

/** Drives the operation until it is final, waits for a retry or for pruning approval, or is stopped. */
export async function driveOperation(initial: OpState, deps: OpDeps, hooks: LoopHooks): Promise<LoopExit> {
  const io = new OpIo(deps);
  let state = initial;
  const now = () => deps.timers.now();
  const emit = (e: OpEvent) => {
    state = next(state, e, now());
    hooks.onChange?.(state);
  };
  emit({ type: 'tick' });
  /** Whether this attempt's state was made durable before its first write to the cluster. */
  let started = false;
  for (;;) {
    if (deps.signal?.aborted) {
      if (deps.signal.reason !== TERMINATE) return { reason: 'shutdown', state };
      if (state.phase === 'Running') emit({ type: 'terminate' });
    }
    const action = nextAction(state, now());
    // The final state is the caller's to write (with what goes with it: history, the request cleared, and
    // after a success the comparison, made once the cache has seen this run's writes).
    if (action.kind === 'done') {
      if (state.phase === 'Succeeded' && state.steps && !state.steps.dryRun)
        await io.writesSeen(state.steps, now() + WRITES_SEEN_TIMEOUT_MS);
      return { reason: 'done', state };
    }
    if (action.kind === 'awaitPruneConfirmation') {
      await hooks.checkpoint?.(state);
      return { reason: action.kind, state };
    }
    // The next attempt starts in a new run (it marks its hooks with its own attempt number).
    if (action.kind === 'retryWait') return { reason: 'retryWait', state, until: action.until };
    if (durableBefore(action, started)) {
      await hooks.checkpoint?.(state);
      started = true;
    }
    const steps = state.steps;
    try {
      if (action.kind === 'plan') emit(await hooks.plan(state));
      else if (steps === undefined) throw new Error(`${action.kind} before the plan`);
      else if (action.kind === 'preflight') await io.preflight(steps, emit);
      else if (action.kind === 'run') await io.run(action, steps, emit);
      else if (action.kind === 'cleanup') await io.cleanup(action.tasks, state, steps, emit);
      else if (action.kind === 'terminateHooks') await io.terminate(action.tasks, state, steps, emit);
      else {
        if (state.waitingSince === undefined) emit({ type: 'waitStarted' });
        for (const e of await io.await(action, state)) emit(e);
      }
    } catch (e) {
      // Task failures are events; anything thrown here is unexpected (the operation ends in Error).
      emit({ type: 'failed', phase: 'Error', message: errorMessage(e) });
    }
  }
}
