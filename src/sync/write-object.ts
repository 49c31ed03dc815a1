// Writing one desired object: server-side apply, or Replace=true (PUT/POST), with Force=true delete + recreate.
import type { KubeObject } from '../model/index.js';
import { describeKey } from '../model/index.js';
import { errorMessage } from '../common/errors.js';
import type { ApplyOptions, KubeClient } from '../kube/client.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { Discovery } from '../kube/discovery.js';
import { isInvalid, isNotFound } from '../kube/api-error.js';
import type { SyncTask } from './plan-types.js';
import { withoutUndeclared } from './unknown-fields.js';

export interface WriteDeps {
  client: KubeClient;
  fieldManager: string;
  pollMs: number;
  checkAborted: () => void;
}

/** What happened to the object, for the resource result's message. */
export type WriteVerb = 'serverside-applied' | 'replaced' | 'created' | 'recreated';

/**
 * Applies `task.desired`. Validate=false sends fieldValidation=Ignore, otherwise Strict (kubectl's
 * `--validate=true`): an unknown field fails the sync instead of vanishing silently. Force=true
 * deletes and recreates the object when the server refuses the change (an immutable field), as
 * `kubectl apply --force` and `kubectl replace --force` do.
 */
export async function writeObject(
  deps: WriteDeps,
  res: ApiResource,
  task: SyncTask,
  obj: KubeObject,
  dryRun: boolean,
): Promise<WriteVerb> {
  const { client, fieldManager } = deps;
  const opts = task.syncOptions;
  if (opts.replace) {
    const live = await getOrUndefined(client, res, task);
    if (!live) {
      await client.create(res, obj, { dryRun, fieldManager });
      return 'created';
    }
    // kubectl replace --force: always delete and create.
    if (opts.force && !dryRun) return recreate(deps, res, task, obj);
    const body: KubeObject = { ...obj, metadata: { ...obj.metadata } };
    if (live.metadata.resourceVersion) body.metadata.resourceVersion = live.metadata.resourceVersion;
    await client.replace(res, body, { dryRun, fieldManager });
    return 'replaced';
  }
  try {
    await applyValidated(client, res, obj, { fieldManager, force: true, dryRun }, opts.validate);
    return 'serverside-applied';
  } catch (e) {
    if (!(opts.force && !dryRun && isInvalid(e) && task.live)) throw e;
    return recreate(deps, res, task, obj);
  }
}

/**
 * Validate=false: fieldValidation=Ignore, and fields the server still refuses as undeclared
 * (server-side apply types every patch) are dropped and the apply retried, as
 * `kubectl apply --validate=false` would drop them.
 */
async function applyValidated(
  client: KubeClient,
  res: ApiResource,
  obj: KubeObject,
  opts: ApplyOptions,
  validate: boolean,
): Promise<void> {
  if (validate) {
    await client.apply(res, obj, { ...opts, fieldValidation: 'Strict' });
    return;
  }
  let body = obj;
  for (let attempt = 0; ; attempt++) {
    try {
      await client.apply(res, body, { ...opts, fieldValidation: 'Ignore' });
      return;
    } catch (e) {
      const stripped = withoutUndeclared(body, errorMessage(e));
      if (stripped === body || attempt >= 3) throw e;
      body = stripped;
    }
  }
}

async function recreate(
  deps: WriteDeps,
  res: ApiResource,
  task: SyncTask,
  obj: KubeObject,
): Promise<WriteVerb> {
  await deleteAndWait(deps, res, task, 'Foreground');
  await deps.client.create(res, obj, { fieldManager: deps.fieldManager });
  return 'recreated';
}

/** Deletes the object and waits until it is gone (foreground: its dependents first). */
export async function deleteAndWait(
  deps: Pick<WriteDeps, 'client' | 'pollMs' | 'checkAborted'>,
  res: ApiResource,
  task: SyncTask,
  propagationPolicy: 'Foreground' | 'Background',
  timeoutMs = 120_000,
): Promise<void> {
  const ns = task.resource.namespace || undefined;
  try {
    await deps.client.delete(res, task.resource.name, { namespace: ns, propagationPolicy });
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  const deadline = Date.now() + timeoutMs;
  while (await getOrUndefined(deps.client, res, task)) {
    deps.checkAborted();
    if (Date.now() > deadline)
      throw new Error(`timed out deleting the previous ${describeKey(task.resource)}`);
    await new Promise((r) => setTimeout(r, deps.pollMs));
  }
}

export async function getOrUndefined(
  client: KubeClient,
  res: ApiResource,
  task: SyncTask,
): Promise<KubeObject | undefined> {
  try {
    return await client.get(res, task.resource.name, { namespace: task.resource.namespace || undefined });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Waits until a CRD just applied is Established, then refreshes discovery so its kind is found. */
export async function waitCrdEstablished(
  client: KubeClient,
  discovery: Discovery,
  name: string,
): Promise<void> {
  const crdRes = await discovery.require('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const crd = await client.get(crdRes, name).catch(() => undefined);
    const conds =
      (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (conds.some((c) => c.type === 'Established' && c.status === 'True')) break;
    if (Date.now() > deadline) throw new Error(`CRD ${name} did not become Established within 60s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  discovery.invalidate();
}
