// The read side for API views of one app: desired objects prepared as the controller prepares them,
// paired with their live objects (tracked or not), without writing anything.
import type { Application, KubeObject } from '../model/index.js';
import { keyOf, keyString, parseKeyString } from '../model/index.js';
import type { ControllerContext } from './context.js';
import type { Prediction } from './prediction-cache.js';
import { refreshApp, type RefreshFailed } from './refresh.js';

export interface ManagedPair {
  key: string;
  desired: KubeObject | undefined;
  live: KubeObject | undefined;
  modified: boolean;
  /** The server-side-diff prediction the comparison used, if any. */
  prediction?: Prediction | undefined;
}

export interface AppManifests {
  ok: true;
  revision: string;
  /** Multi-source apps: each source's revision, in the order of spec.sources. */
  revisions?: string[] | undefined;
  sourceType: string;
  destinationNamespace: string;
  desired: KubeObject[];
  pairs: ManagedPair[];
}

/** Renders (through the repo service's cache) and pairs desired with live; a failed render is a value. */
export async function appManifests(
  ctx: ControllerContext,
  app: Application,
  opts: { revision?: string | undefined; revisions?: readonly string[] | undefined } = {},
): Promise<AppManifests | RefreshFailed> {
  const r = await refreshApp(ctx, app, { revision: opts.revision, revisions: opts.revisions });
  if (!r.ok) return r;
  const pairs = new Map<string, ManagedPair>();
  for (const d of r.desired) {
    const key = keyString(keyOf(d));
    const live = r.comparison.live.get(key) ?? r.target.cache.get(parseKeyString(key));
    pairs.set(key, {
      key,
      desired: d,
      live,
      modified: r.comparison.compare.get(key)?.modified ?? false,
      prediction: r.predictions.get(key),
    });
  }
  for (const [key, live] of r.comparison.live)
    if (!pairs.has(key)) pairs.set(key, { key, desired: undefined, live, modified: true });
  return {
    ok: true,
    revision: r.revision,
    ...(r.revisions ? { revisions: r.revisions } : {}),
    sourceType: r.sourceType,
    destinationNamespace: r.destinationNamespace,
    desired: r.desired,
    pairs: [...pairs.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}
