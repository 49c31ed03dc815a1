// Running one task against the cluster: apply, prune, or create (or adopt) a hook; deleting hooks.
import type { KubeObject } from '../model/index.js';
import { describeKey, splitApiVersion } from '../model/index.js';
import { errorMessage } from '../common/errors.js';
import type { ApiResource } from '../kube/api-resource.js';
import { isNotFound } from '../kube/api-error.js';
import { waitEstablished } from '../kube/crds.js';
import { waitGone } from './live-wait.js';
import { ANNOTATION_OPERATION, type OpDeps } from './op-deps.js';
import type { OpEvent } from './op-state.js';
import type { SyncTask } from './plan-types.js';
import { writeObject, type WriteDeps } from './write-object.js';

const DELETE_TIMEOUT_MS = 120_000;
const CRD_TIMEOUT_MS = 60_000;

/** A task result, plus the resourceVersion written (health is judged only on a cache that has it). */
export type TaskOutcome = OpEvent & { resourceVersion?: string | undefined };

export class TaskIo {
  constructor(
    private readonly deps: OpDeps,
    private readonly dryRun: boolean,
    private readonly namespacesCreated: ReadonlySet<string>,
  ) {}

  async run(task: SyncTask): Promise<TaskOutcome> {
    try {
      if (task.kind === 'prune') return await this.prune(task);
      if (task.kind === 'hook') return await this.hook(task);
      return await this.apply(task);
    } catch (e) {
      return { type: 'taskFailed', task, message: errorMessage(e) };
    }
  }

  /** The API resource of the task's kind; a kind whose CRD was just created is found by re-discovering. */
  async resourceFor(task: SyncTask): Promise<ApiResource | undefined> {
    const obj = task.desired ?? task.live;
    const group = splitApiVersion(obj?.apiVersion ?? '').group;
    const found = await this.deps.discovery.find(group, task.resource.kind);
    if (found) return found;
    this.deps.discovery.invalidate();
    return this.deps.discovery.find(group, task.resource.kind);
  }

  private async require(task: SyncTask): Promise<ApiResource> {
    const res = await this.resourceFor(task);
    if (res) return res;
    throw new Error(unknownKindMessage(task));
  }

  /** Whether the same dry run as the pre-flight's already passed for this task (see OpDeps.dryRunPassed). */
  dryRunPassed(task: SyncTask): boolean {
    return task.kind === 'apply' && (this.deps.dryRunPassed?.(task) ?? false);
  }

  /** A server-side dry-run create (what a hook's pre-flight checks). */
  async dryRunCreate(res: ApiResource, obj: KubeObject): Promise<void> {
    await this.deps.client.create(res, obj, { dryRun: true, fieldManager: this.deps.fieldManager });
  }

  writeDeps(): WriteDeps {
    return {
      client: this.deps.client,
      fieldManager: this.deps.fieldManager,
      deleteAndWait: (res, task, policy) => this.deleteAndWait(res, task, policy),
    };
  }

  private async apply(task: SyncTask): Promise<TaskOutcome> {
    const obj = task.desired;
    if (!obj) return { type: 'taskDone', task, status: 'Synced', message: 'nothing to apply' };
    const what = `${task.resource.kind.toLowerCase()}/${task.resource.name}`;
    const res = await this.resourceFor(task);
    if (!res && this.dryRun && task.syncOptions.skipDryRunOnMissingResource)
      return {
        type: 'taskDone',
        task,
        status: 'Synced',
        message: 'skipped dry run: the resource type is not known to the cluster yet',
      };
    if (!res) throw new Error(unknownKindMessage(task));
    try {
      const { verb, object } = await writeObject(this.writeDeps(), res, task, obj, this.dryRun);
      const detail = verb === 'serverside-applied' ? ` (${task.live ? 'configured' : 'created'})` : '';
      if (verb === 'serverside-applied' && !this.dryRun) this.deps.applied?.(task, object);
      if (
        task.resource.kind === 'CustomResourceDefinition' &&
        task.resource.group === 'apiextensions.k8s.io' &&
        !this.dryRun
      ) {
        await waitEstablished(this.deps.client, object, this.deps.timers.now() + CRD_TIMEOUT_MS);
        this.deps.discovery.invalidate();
      }
      return {
        type: 'taskDone',
        task,
        status: 'Synced',
        message: `${what} ${verb}${detail}${this.dryRun ? ' (dry run)' : ''}`,
        uid: this.dryRun ? undefined : object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      };
    } catch (e) {
      // A dry run cannot check objects in a namespace this sync creates first: say so instead of failing.
      if (!(this.dryRun && isNotFound(e) && this.namespacesCreated.has(obj.metadata.namespace ?? '')))
        throw e;
      return {
        type: 'taskDone',
        task,
        status: 'Synced',
        message: `${what} would be created (dry run; its namespace is created by this sync)`,
      };
    }
  }

  private async prune(task: SyncTask): Promise<TaskOutcome> {
    const live = task.live;
    const pruned = `pruned${this.dryRun ? ' (dry run)' : ''}`;
    if (!live || task.keep) return { type: 'taskDone', task, status: 'Pruned', message: pruned };
    const res = await this.require(task);
    try {
      await this.deps.client.delete(res, task.resource.name, {
        namespace: task.resource.namespace || undefined,
        propagationPolicy: capitalize(task.syncOptions.prunePropagationPolicy),
        dryRun: this.dryRun,
        ...(live.metadata.uid ? { uid: live.metadata.uid } : {}),
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return { type: 'taskDone', task, status: 'Pruned', message: pruned };
  }

  /** Creates the hook, or adopts the one this attempt created before a restart. */
  private async hook(task: SyncTask): Promise<TaskOutcome> {
    const obj = task.desired;
    if (!obj)
      return { type: 'taskDone', task, status: 'Synced', message: 'nothing to run', hookPhase: 'Succeeded' };
    const res = await this.require(task);
    if (this.dryRun)
      return {
        type: 'taskDone',
        task,
        status: 'Synced',
        message: 'hook would run (dry run)',
        hookPhase: 'Succeeded',
      };
    const existing = this.deps.live.get(task.resource);
    if (existing?.metadata.annotations?.[ANNOTATION_OPERATION] === this.deps.operationId) {
      return {
        type: 'taskDone',
        task,
        status: 'Synced',
        message: `${task.phase} hook adopted after a restart`,
        hookPhase: 'Running',
        uid: existing.metadata.uid,
      };
    }
    if (task.hookDeletePolicies?.includes('BeforeHookCreation'))
      await this.deleteAndWait(res, task, 'Foreground');
    const marked: KubeObject = {
      ...obj,
      metadata: {
        ...obj.metadata,
        annotations: { ...obj.metadata.annotations, [ANNOTATION_OPERATION]: this.deps.operationId },
      },
    };
    let created: KubeObject | undefined;
    try {
      created = await this.deps.client.create(res, marked, { fieldManager: this.deps.fieldManager });
    } catch (e) {
      // An existing hook without BeforeHookCreation is re-used, as Argo CD does.
      if (!/already exists/i.test(errorMessage(e))) throw e;
    }
    return {
      type: 'taskDone',
      task,
      status: 'Synced',
      message: `${task.phase} hook created`,
      hookPhase: 'Running',
      uid: created?.metadata.uid ?? existing?.metadata.uid,
      resourceVersion: created?.metadata.resourceVersion,
    };
  }

  /** Deletes a hook object (by uid when known, so a newer object of the same name is never touched). */
  async deleteHook(task: SyncTask, uid: string | undefined): Promise<void> {
    const res = await this.resourceFor(task);
    if (!res) return;
    await this.deps.client
      .delete(res, task.resource.name, {
        namespace: task.resource.namespace || undefined,
        propagationPolicy: 'Background',
        ...(uid ? { uid } : {}),
      })
      .catch((e: unknown) => {
        if (!isNotFound(e) && !/precondition/i.test(errorMessage(e))) throw e;
      });
  }

  /** Deletes the live object and waits, on the cache, until it is gone (foreground: dependents first). */
  async deleteAndWait(
    res: ApiResource,
    task: SyncTask,
    propagationPolicy: 'Foreground' | 'Background',
  ): Promise<void> {
    let uid: string | undefined;
    try {
      const deleted = await this.deps.client.delete(res, task.resource.name, {
        namespace: task.resource.namespace || undefined,
        propagationPolicy,
      });
      uid = deleted.kind === 'Status' ? undefined : deleted.metadata.uid;
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    try {
      await waitGone(
        this.deps.live,
        this.deps.timers,
        task.resource,
        uid,
        DELETE_TIMEOUT_MS,
        this.deps.signal,
      );
    } catch (e) {
      throw new Error(`${describeKey(task.resource)}: ${errorMessage(e)}`, { cause: e });
    }
  }
}

/** Why a task cannot run: its kind is not served (a CRD missing from the cluster). */
export function unknownKindMessage(task: SyncTask): string {
  const obj = task.desired ?? task.live;
  return `the server does not know ${obj?.apiVersion ?? ''} ${task.resource.kind} (is its CRD installed?)`;
}

function capitalize(s: string): 'Foreground' | 'Background' | 'Orphan' {
  return (s.charAt(0).toUpperCase() + s.slice(1)) as 'Foreground' | 'Background' | 'Orphan';
}
