// The sync planner's public surface (pure: no I/O anywhere below this folder's plan files).
export * from './plan-types.js';
export { planSync, planTasks } from './plan.js';
export {
  DEFAULT_SYNC_OPTIONS,
  mergeSyncOptions,
  parseCompareOptions,
  parseSyncOptions,
  resourceSyncOptions,
  splitOptionList,
  type CompareOptions,
  type PropagationPolicy,
  type PruneMode,
  type SyncOptions,
} from './sync-options.js';
export { hookInfo, hookName, isKept, type HookInfo } from './hooks.js';
export { waveOf, type WaveResult } from './sync-wave.js';
export { KIND_ORDER, kindRank, sortForApply, sortForPrune, groupWaves } from './order.js';
export { canRetry, parseDuration, retryDelay, type DurationResult } from './retry.js';
export { next, nextAction, resumeState, retryDueAt, startState } from './op-machine.js';
export type { OpAction, OpEvent, OpState, RetryPolicy } from './op-state.js';
