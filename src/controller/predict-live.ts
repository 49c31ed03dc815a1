// Server-side diff, the I/O half: a server-side-apply dry run of each desired object that exists live,
// through the prediction cache, so only objects whose live version or desired state changed cost a call.
import { errorMessage } from '../common/errors.js';
import { KubeApiError } from '../kube/api-error.js';
import { keyOf, keyString, splitApiVersion, type KubeObject } from '../model/index.js';
import { desiredHash, predictionEqualsLive } from '../diff/server-side-diff.js';
import { hookInfo } from '../sync/hooks.js';
import { mergeSyncOptions, resourceSyncOptions, parseSyncOptions } from '../sync/sync-options.js';
import type { ControllerContext } from './context.js';
import type { Prediction } from './prediction-cache.js';
import type { ClusterTarget } from './cluster-caches.js';

/** Dry runs in flight at once for one app. */
const PARALLEL = 8;

export interface PredictInput {
  desired: readonly KubeObject[];
  /** The Application's spec.syncPolicy.syncOptions (Validate=false and Replace=true change what sync does). */
  appSyncOptions: readonly string[] | undefined;
  /** A hard refresh asks the API server again even where the cache holds an answer. */
  bypassCache: boolean;
}

/** keyString → prediction, for every desired object (hooks aside) that exists live. */
export async function predictLive(
  ctx: ControllerContext,
  target: ClusterTarget,
  input: PredictInput,
): Promise<Map<string, Prediction>> {
  const out = new Map<string, Prediction>();
  const app = parseSyncOptions(input.appSyncOptions, 'spec.syncPolicy.syncOptions').options;
  const todo: (() => Promise<void>)[] = [];
  for (const desired of input.desired) {
    const hook = hookInfo(desired);
    if (hook.isHook || hook.skip) continue;
    const key = keyOf(desired);
    const live = target.cache.get(key);
    const uid = live?.metadata.uid;
    const rv = live?.metadata.resourceVersion;
    if (!live || !uid || !rv) continue; // nothing to predict from: the comparison reports it missing
    const k = keyString(key);
    const opts = mergeSyncOptions(app, resourceSyncOptions(desired, k).options);
    if (opts.replace) {
      out.set(k, { kind: 'fallback', reason: 'Replace=true: synced by replace, not by server-side apply' });
      continue;
    }
    const validation = opts.validate ? 'Strict' : 'Ignore';
    const hash = predictionHash(ctx, desired, validation);
    const cached = input.bypassCache ? undefined : target.predictions.get(uid, rv, hash);
    if (cached) {
      out.set(k, cached);
      continue;
    }
    todo.push(async () => {
      const p = await dryRun(ctx, target, desired, live, validation);
      out.set(k, p.prediction);
      if (p.cacheable) target.predictions.set(uid, rv, hash, p.prediction, desired);
    });
  }
  for (let i = 0; i < todo.length; i += PARALLEL)
    await Promise.all(todo.slice(i, i + PARALLEL).map((f) => f()));
  return out;
}

/** The prediction cache's key for one desired object as a sync would apply it. */
function predictionHash(
  ctx: ControllerContext,
  desired: KubeObject,
  validation: 'Strict' | 'Ignore',
): string {
  return desiredHash(desired, `${ctx.config.fieldManager}\u0000${validation}`);
}

/**
 * Whether the prediction cache holds a dry run that passed for exactly `desired`, applied as `validate`
 * says, against the live object the cache holds now (same uid and resourceVersion): the server-side
 * diff made the very call a sync's pre-flight would make. Refusals and fallbacks do not count.
 */
export function dryRunPassed(
  ctx: ControllerContext,
  target: ClusterTarget,
  desired: KubeObject,
  validate: boolean,
): boolean {
  const live = target.cache.get(keyOf(desired));
  const uid = live?.metadata.uid;
  const rv = live?.metadata.resourceVersion;
  if (!uid || !rv) return false;
  const p = target.predictions.get(uid, rv, predictionHash(ctx, desired, validate ? 'Strict' : 'Ignore'));
  return p !== undefined && p.kind !== 'fallback';
}

/**
 * A sync's server-side apply of `desired` wrote `written`: the same apply against it would change
 * nothing, which is what the next comparison's dry run would say — recorded, so it is not asked.
 */
export function recordApplied(
  ctx: ControllerContext,
  target: ClusterTarget,
  desired: KubeObject,
  written: KubeObject,
  validate: boolean,
): void {
  const { uid, resourceVersion } = written.metadata;
  if (!uid || !resourceVersion) return;
  const hash = predictionHash(ctx, desired, validate ? 'Strict' : 'Ignore');
  target.predictions.set(uid, resourceVersion, hash, { kind: 'unchanged' }, desired);
}

async function dryRun(
  ctx: ControllerContext,
  target: ClusterTarget,
  desired: KubeObject,
  live: KubeObject,
  validation: 'Strict' | 'Ignore',
): Promise<{ prediction: Prediction; cacheable: boolean }> {
  const r = await serverDryRun(ctx, target, desired, validation);
  if (r.ok) {
    const prediction: Prediction = predictionEqualsLive(r.object, live, desired)
      ? { kind: 'unchanged' }
      : { kind: 'predicted', predicted: r.object };
    return { prediction, cacheable: true };
  }
  // The server refused this object as it is (invalid, forbidden, a webhook said no): the same answer
  // until the object or Git changes. Anything else (unreachable, throttled) is asked again.
  const reason = r.unserved ? r.message : `the server-side dry run was refused: ${r.message}`;
  return { prediction: { kind: 'fallback', reason }, cacheable: r.refused };
}

export type DryRunResult =
  { ok: true; object: KubeObject } | { ok: false; message: string; refused: boolean; unserved?: true };

/** A server-side-apply dry run of `desired` as a sync would send it; a refusal is a value. */
export async function serverDryRun(
  ctx: ControllerContext,
  target: ClusterTarget,
  desired: KubeObject,
  validation: 'Strict' | 'Ignore',
): Promise<DryRunResult> {
  const { group } = splitApiVersion(desired.apiVersion);
  const res = await target.discovery.find(group, desired.kind);
  if (!res)
    return {
      ok: false,
      message: `the cluster does not serve ${group || 'core'}/${desired.kind}`,
      refused: true,
      unserved: true,
    };
  target.predictions.countDryRun();
  try {
    const object = await target.client.apply(res, desired, {
      fieldManager: ctx.config.fieldManager,
      force: true,
      dryRun: true,
      fieldValidation: validation,
    });
    return { ok: true, object };
  } catch (e) {
    const refused = e instanceof KubeApiError && e.code >= 400 && e.code < 500 && e.code !== 429;
    return { ok: false, message: errorMessage(e), refused };
  }
}
