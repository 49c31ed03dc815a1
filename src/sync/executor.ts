// Runs a sync plan against a cluster: phase by phase, wave by wave; applies, prunes and hooks;
// waits for a wave to be healthy before the next; runs SyncFail hooks when something fails.
import type { KubeObject, ResourceResult } from '../model/index.js';
import { describeKey, splitApiVersion } from '../model/index.js';
import { errorMessage } from '../common/errors.js';
import type { ApiResource } from '../kube/api-resource.js';
import { isNotFound } from '../kube/api-error.js';
import type { SyncPlan, SyncTask, SyncWave } from './plan-types.js';
import type { ExecutionResult, ExecutorDeps } from './executor-types.js';
import { ResultLog } from './result-log.js';
import {
  deleteAndWait,
  getOrUndefined,
  waitCrdEstablished,
  writeObject,
  type WriteDeps,
  type WriteVerb,
} from './write-object.js';

export type { ExecutionResult, ExecutorDeps, HealthResult } from './executor-types.js';

class SyncFailure extends Error {}

/** Executes the plan; never throws for expected failures (they are the result's phase and message). */
export async function executePlan(plan: SyncPlan, deps: ExecutorDeps): Promise<ExecutionResult> {
  const run = new PlanRun(plan, deps);
  try {
    for (const phase of plan.phases) {
      for (const wave of phase.waves) {
        await run.runWave(wave, run.hasWorkAfter(phase.phase, wave.wave));
      }
    }
    for (const task of plan.pruneLast) await run.runTask(task);
    run.recordSkips();
    const verb = plan.dryRun ? 'dry run' : 'sync';
    return {
      phase: 'Succeeded',
      message: `successfully synced (${verb}; ${run.summary()})`,
      resources: run.results,
    };
  } catch (e) {
    const terminated = deps.signal?.aborted === true;
    const message = terminated ? 'operation terminated' : errorMessage(e);
    if (!terminated && !plan.dryRun) {
      for (const wave of plan.syncFail) await run.runWave(wave, false).catch(() => undefined);
    }
    run.recordSkips();
    const phase = terminated ? 'Failed' : e instanceof SyncFailure ? 'Failed' : 'Error';
    return { phase, message, resources: run.results };
  }
}

/**
 * Runs waves outside a sync (PostDelete hooks): each wave's hooks are created, awaited and cleaned
 * up by their delete policies; the first failure stops the run.
 */
export async function runWaves(waves: readonly SyncWave[], deps: ExecutorDeps): Promise<ExecutionResult> {
  const plan: SyncPlan = {
    kind: 'SyncPlan',
    dryRun: false,
    phases: [],
    pruneLast: [],
    syncFail: [],
    postDelete: [],
    skipped: [],
    awaitingConfirmation: [],
    warnings: [],
  };
  const run = new PlanRun(plan, deps);
  try {
    for (const wave of waves) await run.runWave(wave, true);
    return { phase: 'Succeeded', message: `ran ${waves.length} wave(s)`, resources: run.results };
  } catch (e) {
    return {
      phase: e instanceof SyncFailure ? 'Failed' : 'Error',
      message: errorMessage(e),
      resources: run.results,
    };
  }
}

class PlanRun {
  private readonly log: ResultLog;
  private readonly pollMs: number;
  private readonly waveTimeoutMs: number;

  constructor(
    private readonly plan: SyncPlan,
    private readonly deps: ExecutorDeps,
  ) {
    this.pollMs = deps.pollMs ?? 500;
    this.waveTimeoutMs = deps.waveTimeoutMs ?? 10 * 60_000;
    this.log = new ResultLog(deps.onProgress);
  }

  get results(): ResourceResult[] {
    return this.log.results;
  }

  private createdNamespaces: Set<string> | undefined;

  /** Namespaces this plan applies (CreateNamespace, or Namespace objects from Git). */
  namespacesCreatedByPlan(): Set<string> {
    this.createdNamespaces ??= new Set(
      this.plan.phases
        .flatMap((p) => p.waves.flatMap((w) => w.tasks))
        .filter((t) => t.kind === 'apply' && t.resource.kind === 'Namespace' && t.resource.group === '')
        .map((t) => t.resource.name),
    );
    return this.createdNamespaces;
  }

  /** Whether anything (a later wave or phase, or prune-last) runs after this wave. */
  hasWorkAfter(phase: string, wave: number): boolean {
    let seen = false;
    for (const p of this.plan.phases) {
      for (const w of p.waves) {
        if (seen && w.tasks.length > 0) return true;
        if (p.phase === phase && w.wave === wave) seen = true;
      }
    }
    return this.plan.pruneLast.length > 0 && seen;
  }

  async runWave(wave: SyncWave, waitForHealth: boolean): Promise<void> {
    const limit = this.deps.parallelism ?? 8;
    for (let i = 0; i < wave.tasks.length; i += limit) {
      const batch = wave.tasks.slice(i, i + limit);
      const outcomes = await Promise.allSettled(batch.map((t) => this.runTask(t)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    }
    if (this.plan.dryRun) return;
    const hooks = wave.tasks.filter((t) => t.kind === 'hook');
    const applied = wave.tasks.filter((t) => t.kind === 'apply');
    // Hooks always run to completion; applied resources are awaited only when more work follows.
    await this.waitHealthy([...hooks, ...(waitForHealth ? applied : [])]);
    await this.cleanupHooks(hooks, 'HookSucceeded');
  }

  async runTask(task: SyncTask): Promise<void> {
    this.checkAborted();
    try {
      if (task.kind === 'prune') await this.prune(task);
      else if (task.kind === 'hook') await this.createHook(task);
      else await this.apply(task);
    } catch (e) {
      if (e instanceof SyncFailure) throw e;
      this.record(task, 'SyncFailed', errorMessage(e));
      throw new SyncFailure(`${describeKey(task.resource)}: ${errorMessage(e)}`);
    }
  }

  private async apply(task: SyncTask): Promise<void> {
    const obj = task.desired;
    if (!obj) return;
    const res = await this.resourceFor(obj, task);
    if (!res) return;
    const dryRun = this.plan.dryRun;
    let verb: WriteVerb;
    try {
      verb = await writeObject(this.writeDeps(), res, task, obj, dryRun);
    } catch (e) {
      // A dry run cannot create the namespace this sync would create first: the server cannot
      // check objects in it, so say so instead of failing the dry run.
      if (!(dryRun && isNotFound(e) && this.namespacesCreatedByPlan().has(obj.metadata.namespace ?? '')))
        throw e;
      this.record(
        task,
        'Synced',
        `${task.resource.kind.toLowerCase()}/${task.resource.name} would be created (dry run; its namespace is created by this sync)`,
      );
      return;
    }
    const detail = verb === 'serverside-applied' ? ` (${task.live ? 'configured' : 'created'})` : '';
    this.record(
      task,
      'Synced',
      `${task.resource.kind.toLowerCase()}/${task.resource.name} ${verb}${detail}${dryRun ? ' (dry run)' : ''}`,
    );
    if (
      task.resource.kind === 'CustomResourceDefinition' &&
      task.resource.group === 'apiextensions.k8s.io' &&
      !dryRun
    ) {
      await waitCrdEstablished(this.deps.client, this.deps.discovery, task.resource.name);
    }
  }

  private writeDeps(): WriteDeps {
    return {
      client: this.deps.client,
      fieldManager: this.deps.fieldManager,
      pollMs: this.pollMs,
      checkAborted: () => this.checkAborted(),
    };
  }

  private async prune(task: SyncTask): Promise<void> {
    const live = task.live;
    if (!live || task.keep) return;
    const res = await this.resourceFor(live, task);
    if (!res) return;
    try {
      await this.deps.client.delete(res, task.resource.name, {
        namespace: task.resource.namespace || undefined,
        propagationPolicy: capitalize(task.syncOptions.prunePropagationPolicy),
        dryRun: this.plan.dryRun,
        ...(live.metadata.uid ? { uid: live.metadata.uid } : {}),
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    this.record(task, 'Pruned', `pruned${this.plan.dryRun ? ' (dry run)' : ''}`);
  }

  private async createHook(task: SyncTask): Promise<void> {
    const obj = task.desired;
    if (!obj) return;
    const res = await this.resourceFor(obj, task);
    if (!res) return;
    if (this.plan.dryRun) {
      this.record(task, 'Synced', 'hook would run (dry run)', 'Succeeded');
      return;
    }
    if (task.hookDeletePolicies?.includes('BeforeHookCreation'))
      await deleteAndWait(this.writeDeps(), res, task, 'Foreground');
    try {
      await this.deps.client.create(res, obj);
    } catch (e) {
      // An existing hook without BeforeHookCreation is re-used, as Argo CD does.
      if (!/already exists/i.test(errorMessage(e))) throw e;
    }
    this.record(task, 'Synced', `${task.phase} hook created`, 'Running');
  }

  private async waitHealthy(tasks: SyncTask[]): Promise<void> {
    if (tasks.length === 0) return;
    const deadline = Date.now() + this.waveTimeoutMs;
    const pending = new Set(tasks);
    while (pending.size > 0) {
      this.checkAborted();
      for (const task of [...pending]) {
        const obj = task.desired;
        if (!obj) {
          pending.delete(task);
          continue;
        }
        const res = await this.resourceFor(obj, task);
        const live = res ? await this.getOrUndefined(res, task) : undefined;
        const health = live
          ? this.deps.assessHealth(live)
          : { status: 'Missing' as const, message: 'not found' };
        if (health.status === 'Healthy' || (health.status === 'Suspended' && task.kind !== 'hook')) {
          pending.delete(task);
          if (task.kind === 'hook')
            this.record(task, 'Synced', health.message ?? 'hook succeeded', 'Succeeded');
        } else if (health.status === 'Degraded') {
          const why = `${describeKey(task.resource)} is Degraded${health.message ? `: ${health.message}` : ''}`;
          if (task.kind === 'hook') {
            this.record(task, 'SyncFailed', why, 'Failed');
            await this.cleanupHooks([task], 'HookFailed');
          }
          throw new SyncFailure(why);
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        const names = [...pending].map((t) => describeKey(t.resource)).join(', ');
        throw new SyncFailure(
          `timed out after ${Math.round(this.waveTimeoutMs / 1000)}s waiting for ${names} to become healthy`,
        );
      }
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  private async cleanupHooks(hooks: SyncTask[], policy: 'HookSucceeded' | 'HookFailed'): Promise<void> {
    for (const task of hooks) {
      if (!task.hookDeletePolicies?.includes(policy) || !task.desired) continue;
      const res = await this.resourceFor(task.desired, task);
      if (res)
        await this.deps.client
          .delete(res, task.resource.name, {
            namespace: task.resource.namespace || undefined,
            propagationPolicy: 'Background',
          })
          .catch(() => undefined);
    }
  }

  /** The API resource of an object; retries discovery once for kinds whose CRD was just created. */
  private async resourceFor(obj: KubeObject, task: SyncTask): Promise<ApiResource | undefined> {
    const { group } = splitApiVersion(obj.apiVersion);
    let res = await this.deps.discovery.find(group, obj.kind);
    if (!res) {
      this.deps.discovery.invalidate();
      res = await this.deps.discovery.find(group, obj.kind);
    }
    if (res) return res;
    if (this.plan.dryRun && task.syncOptions.skipDryRunOnMissingResource) {
      this.record(task, 'Synced', 'skipped dry run: the resource type is not known to the cluster yet');
      return undefined;
    }
    throw new SyncFailure(
      `${describeKey(task.resource)}: the server does not know ${obj.apiVersion} ${obj.kind} (is its CRD installed?)`,
    );
  }

  private getOrUndefined(res: ApiResource, task: SyncTask): Promise<KubeObject | undefined> {
    return getOrUndefined(this.deps.client, res, task);
  }

  private checkAborted(): void {
    if (this.deps.signal?.aborted) throw new SyncFailure('operation terminated');
  }

  record(task: SyncTask, status: ResourceResult['status'], message: string, hookPhase?: string): void {
    this.log.record(task, status, message, hookPhase);
  }

  recordSkips(): void {
    this.log.recordSkips(this.plan.skipped);
  }

  summary(): string {
    return this.log.summary();
  }
}

function capitalize(s: string): 'Foreground' | 'Background' | 'Orphan' {
  return (s.charAt(0).toUpperCase() + s.slice(1)) as 'Foreground' | 'Background' | 'Orphan';
}
