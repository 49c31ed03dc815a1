// Turning the desired objects into apply and hook tasks (or skips), one object at a time.
import { keyOf, keyString, type KubeObject } from '../model/index.js';
import { hookInfo, hookName, isKept, type HookInfo } from './hooks.js';
import type { PlanContext } from './plan-context.js';
import type { SyncPhase, SyncTask } from './plan-types.js';
import { mergeSyncOptions, parseCompareOptions, resourceSyncOptions } from './sync-options.js';
import { waveOf } from './sync-wave.js';

export interface DesiredTasks {
  tasks: SyncTask[];
  /** Keys of app resources (applied or not): their live objects are never pruned. */
  appKeys: Set<string>;
  /** Keys of named hooks: live objects of those keys are hooks of earlier runs, never pruned. */
  hookKeys: Set<string>;
}

interface Common {
  obj: KubeObject;
  key: string;
  wave: number;
  base: Pick<SyncTask, 'syncOptions' | 'compareOptions'>;
}

function withLive(task: SyncTask, live: KubeObject | undefined): SyncTask {
  return live === undefined ? task : { ...task, live };
}

function hookTasks(ctx: PlanContext, c: Common, info: HookInfo): SyncTask[] {
  const { obj } = c;
  const kept = isKept(obj);
  return info.phases.map((phase: SyncPhase) => {
    // A generateName hook gets its name now, so that the plan (and every retry of the executor
    // within this operation) refers to one object.
    const name =
      obj.metadata.name ||
      hookName(
        obj.metadata.generateName ?? '',
        phase,
        ctx.input.operation.revision ?? '',
        ctx.input.startedAt,
      );
    const desired: KubeObject = obj.metadata.name ? obj : { ...obj, metadata: { ...obj.metadata, name } };
    const resource = keyOf(desired);
    const key = keyString(resource);
    const task: SyncTask = {
      id: `${phase}:hook:${key}`,
      kind: 'hook',
      phase,
      wave: c.wave,
      key,
      resource,
      desired,
      ...c.base,
      hookDeletePolicies: kept ? [] : info.deletePolicies,
    };
    if (kept) task.keep = true;
    return withLive(task, ctx.input.live.get(key));
  });
}

function applyTask(ctx: PlanContext, c: Common): SyncTask {
  const task: SyncTask = {
    id: `Sync:apply:${c.key}`,
    kind: 'apply',
    phase: 'Sync',
    wave: c.wave,
    key: c.key,
    resource: keyOf(c.obj),
    desired: c.obj,
    ...c.base,
  };
  if (isKept(c.obj)) task.keep = true;
  return withLive(task, ctx.input.live.get(c.key));
}

function skip(
  ctx: PlanContext,
  key: string,
  reason: 'not-selected' | 'in-sync' | 'skip-hook' | 'hook-not-run',
  message: string,
): void {
  ctx.skipped.push({ key, reason, message });
}

/** Plans one desired object into `out`. */
function planObject(ctx: PlanContext, obj: KubeObject, out: DesiredTasks, seen: Set<string>): void {
  const key = keyString(keyOf(obj));
  const info = hookInfo(obj);
  ctx.warnings.push(...info.warnings.map((w) => `${key}: ${w}`));
  if (!obj.metadata.name && !(info.isHook && obj.metadata.generateName)) {
    ctx.problems.push({ key, message: 'metadata.name is required (generateName is only allowed on hooks)' });
    return;
  }
  if (obj.metadata.name) {
    if (seen.has(key)) {
      ctx.warnings.push(`${key} appears more than once in the desired state; the first one is used`);
      return;
    }
    seen.add(key);
  }
  const wave = waveOf(obj);
  if (!wave.ok) {
    ctx.problems.push({ key, message: wave.message });
    return;
  }
  if (wave.warning !== undefined) ctx.warnings.push(`${key}: ${wave.warning}`);
  const res = resourceSyncOptions(obj, key);
  const cmp = parseCompareOptions(obj, key);
  ctx.warnings.push(...res.warnings, ...cmp.warnings);
  const c: Common = {
    obj,
    key,
    wave: wave.wave,
    base: { syncOptions: mergeSyncOptions(ctx.appOptions, res.options), compareOptions: cmp.options },
  };

  if (info.skip) {
    // Still an app resource: a live copy of it is not "extraneous" and must not be pruned.
    out.appKeys.add(key);
    return skip(ctx, key, 'skip-hook', 'argocd.argoproj.io/hook: Skip');
  }
  if (info.isHook) {
    if (obj.metadata.name) out.hookKeys.add(key);
    if (ctx.selected !== undefined)
      return skip(ctx, key, 'hook-not-run', 'hooks do not run in a selective sync');
    if (info.phases.length === 0)
      return skip(ctx, key, 'hook-not-run', `${info.source} hook of a type Driftless does not run`);
    out.tasks.push(...hookTasks(ctx, c, info));
    return;
  }
  out.appKeys.add(key);
  if (ctx.selected !== undefined && !ctx.selected.has(key))
    return skip(ctx, key, 'not-selected', 'not selected in this sync');
  const live = ctx.input.live.get(key);
  if (
    ctx.effective.applyOutOfSyncOnly &&
    live !== undefined &&
    ctx.input.compare.get(key)?.modified === false
  ) {
    return skip(ctx, key, 'in-sync', 'already in sync (ApplyOutOfSyncOnly=true)');
  }
  out.tasks.push(applyTask(ctx, c));
}

/** Apply and hook tasks for every desired object, in input order (sorting comes later). */
export function desiredTasks(ctx: PlanContext): DesiredTasks {
  const out: DesiredTasks = { tasks: [], appKeys: new Set(), hookKeys: new Set() };
  const seen = new Set<string>();
  for (const obj of ctx.input.desired) planObject(ctx, obj, out, seen);
  return out;
}
