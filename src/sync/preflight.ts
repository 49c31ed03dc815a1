// Pre-flight: before the first apply, the project's guardrails pass, every kind resolves and the plan passes a server-side dry run.
import { errorMessage } from '../common/errors.js';
import { isPlainObject, type KubeObject } from '../model/index.js';
import { isAlreadyExists, isInvalid, isNotFound, KubeApiError } from '../kube/api-error.js';
import type { OpSteps } from './op-steps.js';
import { crdTarget } from './order.js';
import type { SyncTask } from './plan-types.js';
import { unknownKindMessage, type TaskIo } from './task-io.js';
import { writeObject } from './write-object.js';

export interface PreflightProblem {
  task: SyncTask;
  message: string;
}

/** Namespaces the plan itself applies (CreateNamespace, or Namespace objects from Git). */
export function namespacesCreatedBy(tasks: readonly SyncTask[]): Set<string> {
  return new Set(
    tasks
      .filter((t) => t.kind === 'apply' && t.resource.kind === 'Namespace' && t.resource.group === '')
      .map((t) => t.resource.name),
  );
}

/**
 * Problems that would stop the sync part-way, found before anything is written: a kind the
 * cluster does not serve (unless its CRD is created earlier in this sync, or the resource says
 * SkipDryRunOnMissingResource=true), or an object the server refuses in a dry run. An object whose
 * identical dry run (same desired object, same live resourceVersion) the server-side diff already
 * passed is not sent again, nor is one of an object in a namespace this sync creates (the server could
 * only answer that the namespace does not exist), nor CreateNamespace's Namespace when its apply is the
 * sync's first write.
 */
export async function preflight(
  steps: OpSteps,
  io: TaskIo,
  parallelism: number,
  guardrail?: (obj: KubeObject) => readonly string[],
): Promise<PreflightProblem[]> {
  const tasks = steps.main.flatMap((s) => s.tasks).filter((t) => t.kind !== 'prune');
  const definedHere = new Set(tasks.map(crdTarget).filter((t): t is string => t !== undefined));
  const namespaces = namespacesCreatedBy(tasks);
  // Absent namespaces this sync creates: a dry run of an object in one can only answer 404, so none is sent.
  const absent = new Set(
    tasks
      .filter(
        (t) => t.live === undefined && namespaces.has(t.resource.name) && t.resource.kind === 'Namespace',
      )
      .map((t) => t.resource.name),
  );
  // Guardrails first and for every object (hooks and SyncFail hooks too): nothing is sent to the server.
  const refused = [...tasks, ...steps.syncFail.flatMap((s) => s.tasks)].flatMap((task) =>
    task.desired && guardrail
      ? guardrail(task.desired).map((m) => ({ task, message: `refused by a project guardrail: ${m}` }))
      : [],
  );
  if (refused.length > 0) return refused;
  // The Namespace CreateNamespace=true makes, alone in the sync's first step, is the sync's first write: a
  // refusal of its apply stops the sync with nothing written, as a refused dry run would, so none is sent.
  const first = steps.main[0]?.tasks;
  const firstWrite = first?.length === 1 && first[0]?.managedNamespace === true ? first[0] : undefined;
  const problems: PreflightProblem[] = [];
  const check = async (task: SyncTask): Promise<void> => {
    if (task === firstWrite) return;
    const message = await checkTask(task, io, definedHere, namespaces, absent);
    if (message !== undefined) problems.push({ task, message });
  };
  for (let i = 0; i < tasks.length; i += parallelism) {
    await Promise.all(tasks.slice(i, i + parallelism).map(check));
  }
  return problems;
}

async function checkTask(
  task: SyncTask,
  io: TaskIo,
  definedHere: ReadonlySet<string>,
  namespaces: ReadonlySet<string>,
  absentNamespaces: ReadonlySet<string>,
): Promise<string | undefined> {
  const obj = task.desired;
  if (obj === undefined) return undefined;
  const res = await io.resourceFor(task);
  if (res === undefined) {
    const gk = `${task.resource.group}/${task.resource.kind}`;
    if (definedHere.has(gk) || task.syncOptions.skipDryRunOnMissingResource) return undefined;
    return unknownKindMessage(task);
  }
  // The comparison just made this very dry run (same object, same live resourceVersion): it passed.
  if (io.dryRunPassed(task)) return undefined;
  if (absentNamespaces.has(obj.metadata.namespace ?? '')) return undefined;
  try {
    if (task.kind === 'hook') await io.dryRunCreate(res, obj);
    else await writeObject(io.writeDeps(), res, task, obj, true);
    return undefined;
  } catch (e) {
    // What the real sync gets past: a namespace it creates first, an existing hook it replaces,
    // an immutable field that Force=true recreates.
    if (isNotFound(e) && namespaces.has(obj.metadata.namespace ?? '')) return undefined;
    if (task.kind === 'hook' && isAlreadyExists(e)) return undefined;
    if (task.syncOptions.force && isInvalid(e) && task.live !== undefined) return undefined;
    const missing = missingNamespace(e);
    if (missing !== undefined)
      return `namespace "${missing}" does not exist: create it, add a Namespace to the source, or make it the destination namespace with the CreateNamespace=true sync option`;
    return `dry run failed: ${errorMessage(e)}`;
  }
}

/** The namespace a 404 says is missing (`namespaces "x" not found`), if that is what it says. */
function missingNamespace(e: unknown): string | undefined {
  if (!isNotFound(e) || !(e instanceof KubeApiError)) return undefined;
  const details = e.status?.['details'];
  if (!isPlainObject(details) || details['kind'] !== 'namespaces') return undefined;
  return typeof details['name'] === 'string' ? details['name'] : undefined;
}
