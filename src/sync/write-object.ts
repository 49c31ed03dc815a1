// Writing one desired object: server-side apply, or Replace=true (PUT/POST), with Force=true delete + recreate.
import type { KubeObject } from '../model/index.js';
import { errorMessage } from '../common/errors.js';
import type { ApplyOptions, KubeClient } from '../kube/client.js';
import type { ApiResource } from '../kube/api-resource.js';
import { isConflict, isInvalid, isNotFound } from '../kube/api-error.js';
import type { SyncTask } from './plan-types.js';
import { withoutUndeclared } from './unknown-fields.js';

export interface WriteDeps {
  client: KubeClient;
  fieldManager: string;
  /** Deletes the object and resolves once the live cache no longer holds it. */
  deleteAndWait: (res: ApiResource, task: SyncTask, policy: 'Foreground' | 'Background') => Promise<void>;
}

/** What happened to the object, for the resource result's message. */
export type WriteVerb = 'serverside-applied' | 'replaced' | 'created' | 'recreated';

export interface Written {
  verb: WriteVerb;
  /** The object as the server returned it (its uid and resourceVersion say which write to wait for). */
  object: KubeObject;
}

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
): Promise<Written> {
  const { client, fieldManager } = deps;
  const opts = task.syncOptions;
  if (opts.replace) return replaceObject(deps, res, task, obj, dryRun);
  try {
    const object = await applyValidated(
      client,
      res,
      obj,
      { fieldManager, force: true, dryRun },
      opts.validate,
    );
    return { verb: 'serverside-applied', object };
  } catch (e) {
    if (!(opts.force && !dryRun && isInvalid(e) && task.live)) throw e;
    return recreate(deps, res, task, obj);
  }
}

/** Attempts of a PUT whose resourceVersion another writer (a controller updating status) overtook. */
const REPLACE_ATTEMPTS = 5;

/**
 * Replace=true: PUT over the live object at its current resourceVersion, or POST when there is none.
 * A controller writing the object's status between our read and our PUT makes the PUT conflict;
 * that is not a refusal of our change, so it is read again and retried, as `kubectl replace` does.
 */
async function replaceObject(
  deps: WriteDeps,
  res: ApiResource,
  task: SyncTask,
  obj: KubeObject,
  dryRun: boolean,
): Promise<Written> {
  const { client, fieldManager } = deps;
  for (let attempt = 1; ; attempt++) {
    const live = await getOrUndefined(client, res, task);
    if (!live) return { verb: 'created', object: await client.create(res, obj, { dryRun, fieldManager }) };
    // kubectl replace --force: always delete and create.
    if (task.syncOptions.force && !dryRun) return recreate(deps, res, task, obj);
    const body: KubeObject = { ...obj, metadata: { ...obj.metadata } };
    if (live.metadata.resourceVersion) body.metadata.resourceVersion = live.metadata.resourceVersion;
    try {
      return { verb: 'replaced', object: await client.replace(res, body, { dryRun, fieldManager }) };
    } catch (e) {
      if (!isConflict(e) || attempt >= REPLACE_ATTEMPTS) throw e;
    }
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
): Promise<KubeObject> {
  if (validate) return client.apply(res, obj, { ...opts, fieldValidation: 'Strict' });
  let body = obj;
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.apply(res, body, { ...opts, fieldValidation: 'Ignore' });
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
): Promise<Written> {
  await deps.deleteAndWait(res, task, 'Foreground');
  return {
    verb: 'recreated',
    object: await deps.client.create(res, obj, { fieldManager: deps.fieldManager }),
  };
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
