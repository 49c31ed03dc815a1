// The operation state machine's values: its state, the events that move it, the actions it asks for.
import type { OperationPhase, ResourceResult, RetryBackoff } from '../model/index.js';
import { splitApiVersion } from '../model/index.js';
import type { OpStep, OpSteps } from './op-steps.js';
import type { SyncTask } from './plan-types.js';

export interface RetryPolicy {
  /** Retries allowed after the first attempt; undefined: none; negative: forever. */
  limit: number | undefined;
  backoff: RetryBackoff;
  /** Each retry syncs the source's latest revision (Argo CD's retry.refresh). */
  refresh?: boolean;
}

/**
 * Everything the machine knows. `phase`, `retryCount`, `finishedAt` and `results` are what
 * status.operationState persists; the rest is rebuilt on resume (the plan is made again, health
 * is looked at again).
 */
export interface OpState {
  phase: OperationPhase;
  retryCount: number;
  /** Set while Running only between a failed attempt and its retry (Argo CD's convention), in ms. */
  finishedAt?: number;
  /** One result per task (Argo CD's syncResult.resources), plus skips; the record of what is done. */
  results: ResourceResult[];
  retry: RetryPolicy;
  /** How long one step may wait for health and hooks (ms). */
  waveTimeoutMs: number;
  /** Undefined until the attempt has planned (a retry plans again). */
  steps?: OpSteps;
  /** Pre-flight passed in this attempt (implied once any task has a result). */
  preflightDone: boolean;
  /** Why the attempt failed, when the results alone do not say (a render error, a timeout). */
  failure?: { phase: 'Failed' | 'Error'; message: string };
  /** When the current step began waiting (ms); a resumed operation starts the clock again. */
  waitingSince?: number;
  /** Keys of applied resources seen healthy in this process. */
  healthy: string[];
  /** Keys of hooks whose delete policy has been carried out. */
  cleaned: string[];
  /** The operation was picked up again after a controller restart. */
  resumed: boolean;
  /** The final message, once the phase is final. */
  message?: string;
}

export type OpEvent =
  | { type: 'planned'; steps: OpSteps; extraResults?: ResourceResult[] }
  | { type: 'failed'; phase: 'Failed' | 'Error'; message: string }
  | { type: 'preflightPassed' }
  | { type: 'preflightFailed'; problems: { task: SyncTask; message: string }[] }
  | {
      type: 'taskDone';
      task: SyncTask;
      status: 'Synced' | 'Pruned';
      message: string;
      uid?: string | undefined;
      hookPhase?: 'Running' | 'Succeeded';
    }
  | { type: 'taskFailed'; task: SyncTask; message: string }
  | { type: 'waitStarted' }
  | { type: 'healthy'; task: SyncTask }
  | { type: 'degraded'; task: SyncTask; message: string }
  | { type: 'hookFinished'; task: SyncTask; ok: boolean; message: string }
  | { type: 'hooksCleaned'; tasks: SyncTask[] }
  | { type: 'hooksTerminated'; tasks: SyncTask[] }
  | { type: 'terminate' }
  | { type: 'tick' };

export type OpAction =
  | { kind: 'plan' }
  | { kind: 'preflight'; steps: OpSteps }
  | { kind: 'run'; step: OpStep; tasks: SyncTask[] }
  | { kind: 'await'; step: OpStep; tasks: SyncTask[]; until: number }
  | { kind: 'cleanup'; tasks: SyncTask[] }
  | { kind: 'terminateHooks'; tasks: SyncTask[] }
  | { kind: 'retryWait'; until: number }
  | { kind: 'awaitPruneConfirmation' }
  | { kind: 'done' };

/** A result's identity: the same resource in two phases (a hook of PreSync and PostSync) is two results. */
export function resultKey(r: {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  syncPhase?: string | undefined;
}): string {
  return `${r.syncPhase ?? ''}/${r.group}/${r.kind}/${r.namespace}/${r.name}`;
}

export function taskKey(task: SyncTask): string {
  return resultKey({ ...task.resource, syncPhase: task.phase });
}

/** A task's result as Argo CD shapes it, with the wave (and uid) Driftless needs to resume. */
export function taskResult(
  task: SyncTask,
  status: ResourceResult['status'],
  message: string,
  extra: { hookPhase?: string | undefined; uid?: string | undefined } = {},
): ResourceResult {
  const result: ResourceResult = {
    group: task.resource.group,
    version: splitApiVersion((task.desired ?? task.live)?.apiVersion ?? '').version,
    kind: task.resource.kind,
    namespace: task.resource.namespace,
    name: task.resource.name,
    status,
    message,
    syncPhase: task.phase,
    syncWave: task.wave,
  };
  if (task.kind === 'hook') {
    result.hookType = task.phase;
    if (extra.hookPhase !== undefined) result.hookPhase = extra.hookPhase;
  }
  if (extra.uid !== undefined) result.uid = extra.uid;
  return result;
}

/** A task result that failed the operation (skips and shared-resource notes have no syncPhase). */
export function isFailure(r: ResourceResult): boolean {
  return (
    r.syncPhase !== undefined &&
    (r.status === 'SyncFailed' || r.hookPhase === 'Failed' || r.hookPhase === 'Error')
  );
}

export function isFinalPhase(phase: OperationPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
