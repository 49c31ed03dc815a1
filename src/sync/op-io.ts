// The machine's actions carried out: run a step's tasks, await hooks and health on the cache, delete hooks.
import { errorMessage } from '../common/errors.js';
import { compareResourceVersions } from '../kube/resource-version.js';
import { splitApiVersion, type KubeObject } from '../model/index.js';
import { waitOnCache } from './live-wait.js';
import type { OpDeps } from './op-deps.js';
import { resultsByKey } from './op-frontier.js';
import { taskKey, type OpAction, type OpEvent, type OpState } from './op-state.js';
import type { OpSteps } from './op-steps.js';
import { namespacesCreatedBy, preflight } from './preflight.js';
import type { SyncTask } from './plan-types.js';
import { TaskIo } from './task-io.js';

type Emit = (event: OpEvent) => void;

export class OpIo {
  private readonly parallelism: number;
  /** resourceVersion each write returned: health is judged only on a cache that has seen it. */
  private readonly written = new Map<string, string>();
  private readonly watchedTypes = new Set<string>();
  /** Hooks the cache has shown with their recorded uid: their absence later means they were deleted. */
  private readonly seen = new Set<string>();

  constructor(private readonly deps: OpDeps) {
    this.parallelism = deps.parallelism ?? 8;
  }

  private tasks(steps: OpSteps): TaskIo {
    const all = [...steps.main, ...steps.syncFail].flatMap((s) => s.tasks);
    return new TaskIo(this.deps, steps.dryRun, namespacesCreatedBy(all));
  }

  async preflight(steps: OpSteps, emit: Emit): Promise<void> {
    const problems = await preflight(steps, this.tasks(steps), this.parallelism, this.deps.guardrail);
    emit(problems.length === 0 ? { type: 'preflightPassed' } : { type: 'preflightFailed', problems });
  }

  /** Runs up to `parallelism` pending tasks of the step; each result is emitted as it comes. */
  async run(action: Extract<OpAction, { kind: 'run' }>, steps: OpSteps, emit: Emit): Promise<void> {
    const io = this.tasks(steps);
    await Promise.all(
      action.tasks.slice(0, this.parallelism).map(async (task) => {
        const { resourceVersion, ...event } = await io.run(task);
        if (resourceVersion !== undefined) this.written.set(taskKey(task), resourceVersion);
        emit(event);
      }),
    );
  }

  /** Waits on the live cache until a task finishes, turns unhealthy, or the step's deadline passes. */
  async await(action: Extract<OpAction, { kind: 'await' }>, state: OpState): Promise<OpEvent[]> {
    const { live, timers } = this.deps;
    try {
      for (const t of action.tasks) await this.watchType(t);
    } catch (e) {
      return [{ type: 'failed', phase: 'Error', message: errorMessage(e) }];
    }
    const results = resultsByKey(state);
    const check = (): OpEvent[] | undefined => {
      const events = action.tasks.flatMap((t) => this.observe(t, results.get(taskKey(t))?.uid));
      return events.length > 0 ? events : undefined;
    };
    const events = await waitOnCache({
      live,
      timers,
      keys: new Set(action.tasks.map((t) => t.key)),
      check,
      until: action.until,
      signal: this.deps.signal,
    });
    return events ?? [{ type: 'tick' }];
  }

  /**
   * Resolves once the cache shows every object this run applied at (or past) the resourceVersion its write
   * returned, or at `until`. The last wave is not awaited for health (as in Argo CD), and a watch can trail
   * a write by seconds on a busy API server: the comparison written with the operation's outcome must see
   * the sync's own writes, or it reports a just-created object missing and auto-sync syncs the app again.
   */
  async writesSeen(steps: OpSteps, until: number): Promise<void> {
    const { live, timers } = this.deps;
    const applied = steps.main
      .flatMap((s) => s.tasks)
      .filter((t) => t.kind === 'apply' && this.written.has(taskKey(t)));
    const behind = (t: SyncTask): boolean => {
      const obj = live.get(t.resource);
      return obj === undefined || !this.caughtUp(taskKey(t), obj);
    };
    await waitOnCache({
      live,
      timers,
      keys: new Set(applied.map((t) => t.key)),
      check: () => (applied.some(behind) ? undefined : true),
      until,
      signal: this.deps.signal,
    });
  }

  /** What the cache says about one awaited task now, if anything decisive. */
  private observe(task: SyncTask, uid: string | undefined): OpEvent[] {
    const key = taskKey(task);
    const obj = this.deps.live.get(task.resource);
    // A hook gone from a synced cache (seen before, or adopted from an earlier process) will never finish.
    if (task.kind === 'hook' && uid !== undefined && (obj === undefined || obj.metadata.uid !== uid)) {
      const gone = this.seen.has(key) || !this.written.has(key);
      return gone
        ? [
            {
              type: 'hookFinished',
              task,
              ok: false,
              message: 'the hook object was deleted before it completed',
            },
          ]
        : [];
    }
    if (obj === undefined) return [];
    if (uid !== undefined && obj.metadata.uid !== uid) return [];
    this.seen.add(key);
    if (!this.caughtUp(key, obj)) return [];
    const health = this.deps.assessHealth(obj);
    if (task.kind === 'hook') {
      if (health.status === 'Healthy')
        return [{ type: 'hookFinished', task, ok: true, message: health.message ?? 'hook succeeded' }];
      if (health.status === 'Degraded')
        return [{ type: 'hookFinished', task, ok: false, message: degraded(health.message) }];
      return [];
    }
    if (health.status === 'Healthy' || health.status === 'Suspended') return [{ type: 'healthy', task }];
    if (health.status === 'Degraded') return [{ type: 'degraded', task, message: degraded(health.message) }];
    return [];
  }

  /** Whether the cache's `obj` is at or past the version this run's write of it returned (if it wrote it). */
  private caughtUp(key: string, obj: KubeObject): boolean {
    const cmp = compareResourceVersions(obj.metadata.resourceVersion, this.written.get(key));
    return cmp === undefined || cmp >= 0;
  }

  /** The cache watches every type it knew at start; a kind whose CRD this sync created is added. */
  private async watchType(task: SyncTask): Promise<void> {
    const group = splitApiVersion(task.desired?.apiVersion ?? '').group;
    const gk = `${group}/${task.resource.kind}`;
    if (this.watchedTypes.has(gk)) return;
    await this.deps.live.ensureType(group, task.resource.kind);
    this.watchedTypes.add(gk);
  }

  /** Carries out the hooks' delete policies (HookSucceeded, HookFailed). */
  async cleanup(tasks: SyncTask[], state: OpState, steps: OpSteps, emit: Emit): Promise<void> {
    // A hook that cannot be deleted is left behind; it does not fail the operation.
    await this.deleteHooks(tasks, state, steps).catch(() => undefined);
    emit({ type: 'hooksCleaned', tasks });
  }

  /** Terminating: running hooks are deleted, as Argo CD does. */
  async terminate(tasks: SyncTask[], state: OpState, steps: OpSteps, emit: Emit): Promise<void> {
    await this.deleteHooks(tasks, state, steps).catch(() => undefined);
    emit({ type: 'hooksTerminated', tasks });
  }

  private async deleteHooks(tasks: SyncTask[], state: OpState, steps: OpSteps): Promise<void> {
    const io = this.tasks(steps);
    const results = resultsByKey(state);
    await Promise.all(tasks.map((t) => io.deleteHook(t, results.get(taskKey(t))?.uid)));
  }
}

function degraded(message: string | undefined): string {
  return `Degraded${message ? `: ${message}` : ''}`;
}
