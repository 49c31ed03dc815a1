// Turning live objects that left Git into prune tasks, or into PruneSkipped results that say why not.
import { parseKeyString, type KubeObject } from '../model/index.js';
import { hookInfo, isKept } from './hooks.js';
import type { PlanContext } from './plan-context.js';
import type { SkipReason, SyncTask } from './plan-types.js';
import { mergeSyncOptions, parseCompareOptions, resourceSyncOptions } from './sync-options.js';
import { waveOf } from './sync-wave.js';

export interface PruneTasks {
  /** Pruned at the end of the Sync phase. */
  tasks: SyncTask[];
  /** Pruned after PostSync (PruneLast=true). */
  last: SyncTask[];
}

/** Live app resources (not hooks) that are in the cluster but no longer in Git. */
export function extraneous(ctx: PlanContext, protectedKeys: ReadonlySet<string>): [string, KubeObject][] {
  return [...ctx.input.live.entries()]
    .filter(([key, live]) => {
      if (protectedKeys.has(key)) return false;
      // Hooks are not app resources: their lifecycle is their delete policy, not pruning.
      const info = hookInfo(live);
      return !info.isHook && !info.skip;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function skipPrune(ctx: PlanContext, key: string, reason: SkipReason, message: string): undefined {
  ctx.skipped.push({ key, reason, message, result: 'PruneSkipped' });
  return undefined;
}

function pruneTask(ctx: PlanContext, key: string, live: KubeObject): SyncTask | undefined {
  if (ctx.selected !== undefined && !ctx.selected.has(key)) {
    ctx.skipped.push({
      key,
      reason: 'not-selected',
      message: 'requires pruning but was not selected in this sync',
    });
    return undefined;
  }
  const res = resourceSyncOptions(live, key);
  const cmp = parseCompareOptions(live, key);
  ctx.warnings.push(...res.warnings, ...cmp.warnings);
  // The resource's own annotation overrides the app's Prune option (Argo CD documents this).
  const syncOptions = mergeSyncOptions(ctx.appOptions, res.options);
  if (isKept(live))
    return skipPrune(ctx, key, 'resource-policy-keep', 'ignored (helm.sh/resource-policy: keep)');
  if (!ctx.input.prune) return skipPrune(ctx, key, 'prune-disabled', 'ignored (requires pruning)');
  if (syncOptions.prune === false) return skipPrune(ctx, key, 'prune-false', 'ignored (Prune=false)');
  if (syncOptions.prune === 'confirm' && ctx.input.pruneConfirmed !== true) {
    ctx.awaitingConfirmation.push(key);
    return skipPrune(
      ctx,
      key,
      'prune-awaiting-confirmation',
      'waiting for pruning confirmation (Prune=confirm)',
    );
  }
  const wave = waveOf(live);
  // The live copy can no longer be fixed in Git, so a bad wave there warns instead of blocking.
  if (!wave.ok) ctx.warnings.push(`${key}: ${wave.message}; pruning it in wave 0`);
  else if (wave.warning !== undefined) ctx.warnings.push(`${key}: ${wave.warning}`);
  return {
    id: `Sync:prune:${key}`,
    kind: 'prune',
    phase: 'Sync',
    wave: wave.ok ? wave.wave : 0,
    key,
    resource: parseKeyString(key),
    live,
    syncOptions,
    compareOptions: cmp.options,
  };
}

/** Prune tasks for the extraneous live objects, split by PruneLast. */
export function pruneTasks(
  ctx: PlanContext,
  candidates: readonly (readonly [string, KubeObject])[],
): PruneTasks {
  const out: PruneTasks = { tasks: [], last: [] };
  for (const [key, live] of candidates) {
    const task = pruneTask(ctx, key, live);
    if (task === undefined) continue;
    (task.syncOptions.pruneLast ? out.last : out.tasks).push(task);
  }
  return out;
}
