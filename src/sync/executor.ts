// Runs a sync plan against a cluster: phase by phase, wave by wave; applies, prunes and hooks;
// waits for a wave to be healthy before the next; runs SyncFail hooks when something fails.
import type { HealthStatusCode, KubeObject, ResourceResult } from '../model/index.js';
import { describeKey, splitApiVersion } from '../model/index.js';
import { errorMessage } from '../common/errors.js';
import type { KubeClient } from '../kube/client.js';
import type { Discovery } from '../kube/discovery.js';
import type { ApiResource } from '../kube/api-resource.js';
import { isNotFound } from '../kube/api-error.js';
import type { SyncPlan, SyncTask, SyncWave } from './plan-types.js';

export interface HealthResult {
  status: HealthStatusCode;
  message?: string | undefined;
}

export interface ExecutorDeps {
  client: KubeClient;
  discovery: Discovery;
  /** Health of a live object (built-in assessors plus custom overrides). */
  assessHealth: (obj: KubeObject) => HealthResult;
  fieldManager: string;
  /** Polling interval while waiting for health (ms). */
  pollMs?: number;
  /** How long one wave may take to become healthy (ms). */
  waveTimeoutMs?: number;
  /** Aborted when the user terminates the operation. */
  signal?: AbortSignal;
  /** Called whenever a resource result is added or changes (for live operationState updates). */
  onProgress?: (results: readonly ResourceResult[]) => void;
  /** Parallel requests within one wave. */
  parallelism?: number;
}

export interface ExecutionResult {
  phase: 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
  message: string;
  resources: ResourceResult[];
}

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

class PlanRun {
  readonly results: ResourceResult[] = [];
  private readonly pollMs: number;
  private readonly waveTimeoutMs: number;

  constructor(
    private readonly plan: SyncPlan,
    private readonly deps: ExecutorDeps,
  ) {
    this.pollMs = deps.pollMs ?? 500;
    this.waveTimeoutMs = deps.waveTimeoutMs ?? 10 * 60_000;
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
    if (task.syncOptions.replace) {
      const live = await this.getOrUndefined(res, task);
      if (live) {
        const body: KubeObject = { ...obj, metadata: { ...obj.metadata } };
        if (live.metadata.resourceVersion) body.metadata.resourceVersion = live.metadata.resourceVersion;
        await this.deps.client.replace(res, body, { dryRun });
      } else await this.deps.client.create(res, obj, { dryRun });
      this.record(
        task,
        'Synced',
        `${task.resource.kind.toLowerCase()}/${task.resource.name} ${live ? 'replaced' : 'created'}${dryRun ? ' (dry run)' : ''}`,
      );
      return;
    }
    try {
      await this.deps.client.apply(res, obj, { fieldManager: this.deps.fieldManager, force: true, dryRun });
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
    const verb = task.live ? 'configured' : 'created';
    this.record(
      task,
      'Synced',
      `${task.resource.kind.toLowerCase()}/${task.resource.name} serverside-applied (${verb})${dryRun ? ' (dry run)' : ''}`,
    );
    if (
      task.resource.kind === 'CustomResourceDefinition' &&
      task.resource.group === 'apiextensions.k8s.io' &&
      !dryRun
    ) {
      await this.waitCrdEstablished(task.resource.name);
    }
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
    if (task.hookDeletePolicies?.includes('BeforeHookCreation')) await this.deleteAndWait(res, task);
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

  private async deleteAndWait(res: ApiResource, task: SyncTask): Promise<void> {
    const ns = task.resource.namespace || undefined;
    try {
      await this.deps.client.delete(res, task.resource.name, {
        namespace: ns,
        propagationPolicy: 'Foreground',
      });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const deadline = Date.now() + 120_000;
    while (await this.getOrUndefined(res, task)) {
      this.checkAborted();
      if (Date.now() > deadline)
        throw new SyncFailure(`timed out deleting the previous ${describeKey(task.resource)}`);
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  private async waitCrdEstablished(name: string): Promise<void> {
    const crdRes = await this.deps.discovery.require('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const crd = await this.deps.client.get(crdRes, name).catch(() => undefined);
      const conds =
        (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
      if (conds.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new SyncFailure(`CRD ${name} did not become Established within 60s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    this.deps.discovery.invalidate();
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

  private async getOrUndefined(res: ApiResource, task: SyncTask): Promise<KubeObject | undefined> {
    try {
      return await this.deps.client.get(res, task.resource.name, {
        namespace: task.resource.namespace || undefined,
      });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private checkAborted(): void {
    if (this.deps.signal?.aborted) throw new SyncFailure('operation terminated');
  }

  record(task: SyncTask, status: ResourceResult['status'], message: string, hookPhase?: string): void {
    const version = splitApiVersion((task.desired ?? task.live)?.apiVersion ?? '').version;
    const result: ResourceResult = {
      group: task.resource.group,
      version,
      kind: task.resource.kind,
      namespace: task.resource.namespace,
      name: task.resource.name,
      status,
      message,
      syncPhase: task.phase,
    };
    if (task.kind === 'hook') {
      result.hookType = task.phase;
      if (hookPhase) result.hookPhase = hookPhase;
    }
    const i = this.results.findIndex((r) => sameResult(r, result));
    if (i >= 0) this.results[i] = result;
    else this.results.push(result);
    this.deps.onProgress?.(this.results);
  }

  recordSkips(): void {
    for (const s of this.plan.skipped) {
      if (s.result !== 'PruneSkipped') continue;
      const [group = '', kind = '', namespace = '', name = ''] = s.key.split('/');
      this.results.push({
        group,
        version: '',
        kind,
        namespace,
        name,
        status: 'PruneSkipped',
        message: s.message,
      });
    }
  }

  summary(): string {
    const count = (s: ResourceResult['status']) => this.results.filter((r) => r.status === s).length;
    return `${count('Synced')} applied, ${count('Pruned')} pruned`;
  }
}

function sameResult(a: ResourceResult, b: ResourceResult): boolean {
  return (
    a.group === b.group &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.name === b.name &&
    a.syncPhase === b.syncPhase
  );
}

function capitalize(s: string): 'Foreground' | 'Background' | 'Orphan' {
  return (s.charAt(0).toUpperCase() + s.slice(1)) as 'Foreground' | 'Background' | 'Orphan';
}
