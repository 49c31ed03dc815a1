// The operation lifecycle as a pure state machine: next(state, event, now) and the action a state asks for.
import { describeKey, type OperationPhase, type ResourceResult } from '../model/index.js';
import { canRetry, retryDelay } from './retry.js';
import { failureOf, frontier } from './op-frontier.js';
import {
  isFinalPhase,
  resultKey,
  taskKey,
  taskResult,
  type OpAction,
  type OpEvent,
  type OpState,
  type RetryPolicy,
} from './op-state.js';

/** The state of a new operation (or of a new attempt after a retry). */
export function startState(retry: RetryPolicy, waveTimeoutMs: number, retryCount = 0): OpState {
  return {
    phase: 'Running',
    retryCount,
    results: [],
    retry,
    waveTimeoutMs,
    preflightDone: false,
    healthy: [],
    cleaned: [],
    resumed: false,
  };
}

/** What status.operationState persists, read back after a restart. */
export interface PersistedOperation {
  phase: OperationPhase;
  retryCount?: number | undefined;
  /** ms; on a Running operation it means "waiting for the retry". */
  finishedAt?: number | undefined;
  results: readonly ResourceResult[];
}

export function resumeState(p: PersistedOperation, retry: RetryPolicy, waveTimeoutMs: number): OpState {
  const s: OpState = {
    ...startState(retry, waveTimeoutMs, p.retryCount ?? 0),
    phase: p.phase,
    results: [...p.results],
    // Anything applied means the pre-flight of this attempt had passed.
    preflightDone: p.results.some((r) => r.syncPhase !== undefined),
    resumed: true,
  };
  if (p.finishedAt !== undefined && p.phase === 'Running') s.finishedAt = p.finishedAt;
  return s;
}

/** When a waiting retry is due (the delay grows with each retry, as in Argo CD). */
export function retryDueAt(state: OpState): number | undefined {
  if (state.finishedAt === undefined) return undefined;
  const delay = retryDelay(Math.max(0, state.retryCount - 1), state.retry.backoff);
  return state.finishedAt + (delay.ok ? delay.ms : 5_000);
}

/** The next thing the runner must do for this state. */
export function nextAction(state: OpState, now: number): OpAction {
  if (isFinalPhase(state.phase)) return { kind: 'done' };
  if (state.phase === 'Terminating') {
    // Hooks started before a restart are known by their results; the plan says how to delete them.
    return state.steps === undefined
      ? { kind: 'plan' }
      : { kind: 'terminateHooks', tasks: runningHooks(state) };
  }
  const due = retryDueAt(state);
  if (due !== undefined) return { kind: 'retryWait', until: due };
  const steps = state.steps;
  if (steps === undefined) return { kind: 'plan' };
  const f = frontier(state);
  if (f.toClean.length > 0) return { kind: 'cleanup', tasks: f.toClean };
  if (f.mode === 'main' && !state.preflightDone && !steps.dryRun) return { kind: 'preflight', steps };
  if (f.step !== undefined && f.pending.length > 0) return { kind: 'run', step: f.step, tasks: f.pending };
  if (f.step !== undefined && f.inFlight.length > 0) {
    return {
      kind: 'await',
      step: f.step,
      tasks: f.inFlight,
      until: (state.waitingSince ?? now) + state.waveTimeoutMs,
    };
  }
  // Only an operation waiting for pruning approval is left unsettled here.
  return { kind: 'awaitPruneConfirmation' };
}

/** Hooks of the plan that are running now (what terminating must stop). */
function runningHooks(state: OpState) {
  const running = new Set(state.results.filter((r) => r.hookPhase === 'Running').map(resultKey));
  const tasks = [...(state.steps?.main ?? []), ...(state.steps?.syncFail ?? [])].flatMap((s) => s.tasks);
  return tasks.filter((t) => t.kind === 'hook' && running.has(taskKey(t)));
}

/** Applies one event; the result is settled (a finished attempt has its final or retry phase). */
export function next(state: OpState, event: OpEvent, now: number): OpState {
  if (isFinalPhase(state.phase)) return state;
  const before = frontier(state).step?.index;
  const s = settle(apply(state, event, now), now);
  if (frontier(s).step?.index !== before) delete s.waitingSince;
  return s;
}

function withResult(state: OpState, r: ResourceResult): OpState {
  const key = resultKey(r);
  const i = state.results.findIndex((x) => resultKey(x) === key);
  const results = [...state.results];
  if (i >= 0) results[i] = r;
  else results.push(r);
  return { ...state, results };
}

function apply(state: OpState, e: OpEvent, now: number): OpState {
  switch (e.type) {
    case 'planned': {
      let s: OpState = { ...state, steps: e.steps };
      for (const r of e.extraResults ?? []) s = withResult(s, r);
      return s;
    }
    case 'failed':
      return { ...state, failure: { phase: e.phase, message: e.message } };
    case 'preflightPassed':
      return { ...state, preflightDone: true };
    case 'preflightFailed': {
      const list = e.problems.map((p) => `${describeKey(p.task.resource)}: ${p.message}`).join('; ');
      let s: OpState = {
        ...state,
        preflightDone: true,
        failure: { phase: 'Failed', message: `pre-flight failed, nothing was applied: ${list}` },
      };
      for (const p of e.problems) s = withResult(s, taskResult(p.task, 'SyncFailed', p.message));
      return s;
    }
    case 'taskDone':
      return withResult(state, taskResult(e.task, e.status, e.message, e));
    case 'taskFailed':
      return withResult(
        state,
        taskResult(e.task, 'SyncFailed', e.message, e.task.kind === 'hook' ? { hookPhase: 'Failed' } : {}),
      );
    case 'waitStarted':
      return { ...state, waitingSince: state.waitingSince ?? now };
    case 'healthy':
      return { ...state, healthy: [...state.healthy, taskKey(e.task)] };
    case 'degraded':
      return withResult(state, { ...uidOf(state, e.task), ...taskResult(e.task, 'SyncFailed', e.message) });
    case 'hookFinished': {
      const r = taskResult(e.task, e.ok ? 'Synced' : 'SyncFailed', e.message, {
        hookPhase: e.ok ? 'Succeeded' : 'Failed',
      });
      return withResult(state, { ...uidOf(state, e.task), ...r });
    }
    case 'hooksCleaned':
      return { ...state, cleaned: [...state.cleaned, ...e.tasks.map(taskKey)] };
    case 'hooksTerminated': {
      let s = state;
      for (const t of e.tasks)
        s = withResult(s, {
          ...uidOf(s, t),
          ...taskResult(t, 'SyncFailed', 'terminated', { hookPhase: 'Failed' }),
        });
      return s;
    }
    case 'terminate':
      return { ...state, phase: 'Terminating' };
    case 'tick':
      return tick(state, now);
  }
}

/** The uid recorded for a task, kept when its result changes. */
function uidOf(state: OpState, task: Parameters<typeof taskKey>[0]): { uid?: string } {
  const key = taskKey(task);
  const uid = state.results.find((r) => resultKey(r) === key)?.uid;
  return uid === undefined ? {} : { uid };
}

/** Time passed: a retry may be due, or the current step may have waited too long. */
function tick(state: OpState, now: number): OpState {
  const due = retryDueAt(state);
  if (due !== undefined) {
    if (now < due || state.phase !== 'Running') return state;
    // A retry is a new attempt of the whole sync: planned again from what Git says now.
    return startState(state.retry, state.waveTimeoutMs, state.retryCount);
  }
  if (state.waitingSince === undefined || now < state.waitingSince + state.waveTimeoutMs) return state;
  const f = frontier(state);
  let s = state;
  const secs = Math.round(state.waveTimeoutMs / 1000);
  for (const t of f.inFlight) {
    const hook = t.kind === 'hook';
    const message = hook ? `did not complete within ${secs}s` : `not healthy after ${secs}s`;
    s = withResult(s, {
      ...uidOf(s, t),
      ...taskResult(t, 'SyncFailed', message, hook ? { hookPhase: 'Failed' } : {}),
    });
  }
  return s;
}

/** Moves a finished attempt to its final phase, or to the wait before its retry. */
function settle(state: OpState, now: number): OpState {
  if (isFinalPhase(state.phase)) return state;
  if (state.phase === 'Terminating') {
    const waitForPlan = state.steps === undefined && state.failure === undefined;
    const running = state.results.some((r) => r.hookPhase === 'Running');
    if ((running && waitForPlan) || runningHooks(state).length > 0) return state;
    return { ...state, phase: 'Failed', message: 'operation terminated' };
  }
  if (state.finishedAt !== undefined) return state;
  if (state.steps === undefined && state.failure === undefined) return state;
  const f = frontier(state);
  if (f.step !== undefined || f.toClean.length > 0) return state;
  const failure = failureOf(state);
  if (failure === undefined) {
    const steps = state.steps;
    if (steps !== undefined && steps.awaitingConfirmation.length > 0 && !steps.dryRun) return state;
    return { ...state, phase: 'Succeeded', message: successMessage(state) };
  }
  if (canRetry(state.retryCount, state.retry.limit)) {
    const s: OpState = { ...state, retryCount: state.retryCount + 1, finishedAt: now };
    const delay = retryDelay(state.retryCount, state.retry.backoff);
    const secs = Math.round((delay.ok ? delay.ms : 5_000) / 1000);
    return { ...s, message: `${failure.message}. Retrying attempt #${s.retryCount} in ${secs}s` };
  }
  // As Argo CD: a failure after retries says how many there were.
  const retried = state.retryCount > 0 ? ` (retried ${state.retryCount} times).` : '';
  return { ...state, phase: failure.phase, message: `${failure.message}${retried}` };
}

function successMessage(state: OpState): string {
  const count = (s: ResourceResult['status']) => state.results.filter((r) => r.status === s).length;
  const verb = state.steps?.dryRun ? 'dry run' : 'sync';
  return `successfully synced (${verb}; ${count('Synced')} applied, ${count('Pruned')} pruned)`;
}
