// One refresh of an app: validate, render, compare with live state; the values a status is built from.
import { errorMessage } from '../common/errors.js';
import type { Application, ApplicationCondition, ApplicationSource, KubeObject } from '../model/index.js';
import { guardrailViolations, projectGuardrails } from '../policy/index.js';
import { keyOf, keyString, parseKeyString, primarySource, splitApiVersion } from '../model/index.js';
import { compareApp, type AppComparison } from './compare-app.js';
import {
  instanceOf,
  isThisInstallation,
  kustomizeBuildOptions,
  trackedObjects,
  type ControllerContext,
} from './context.js';
import { compareWithPrediction, fallbackCondition, serverSideDiffEnabled } from './compare-object.js';
import { predictLive } from './predict-live.js';
import type { Prediction } from './prediction-cache.js';
import { prepareDesired } from './prepare-desired.js';
import { isMultiSource, renderSources, type RenderedSources } from './render-sources.js';
import { specProblems } from './spec-problems.js';
import { acquireDestination } from './destination.js';
import type { ClusterTarget } from './cluster-caches.js';

export interface RefreshOk {
  ok: true;
  revision: string;
  source: ApplicationSource;
  /** Multi-source apps: each source's revision, and the sources compared. */
  revisions?: string[] | undefined;
  sources?: ApplicationSource[] | undefined;
  sourceType: string;
  desired: KubeObject[];
  comparison: AppComparison;
  /** keyString → server-side-diff prediction (none when server-side diff is off or the object is missing). */
  predictions: Map<string, Prediction>;
  destinationNamespace: string;
  destinationNamespaceExists: boolean;
  /** The destination cluster the comparison was made against. */
  target: ClusterTarget;
}

export interface RefreshFailed {
  ok: false;
  condition: ApplicationCondition;
  /** The destination cluster is declared but unreachable: sync and health are Unknown. */
  unreachable?: boolean;
}

export type RefreshResult = RefreshOk | RefreshFailed;

export async function refreshApp(
  ctx: ControllerContext,
  app: Application,
  opts: {
    revision?: string | undefined;
    source?: ApplicationSource | undefined;
    /** Multi-source apps: the revision of each source (an operation's, or a rollback's). */
    revisions?: readonly string[] | undefined;
    /** Multi-source apps: the sources to render instead of spec.sources (a rollback's). */
    sources?: ApplicationSource[] | undefined;
    hard?: boolean;
    refreshRevision?: boolean;
  },
): Promise<RefreshResult> {
  const problems = specProblems(ctx, app);
  if (problems.length > 0)
    return { ok: false, condition: { type: 'InvalidSpecError', message: problems.join('; ') } };
  const dest = await acquireDestination(ctx, app);
  if (!dest.ok)
    return dest.unreachable
      ? { ok: false, unreachable: true, condition: { type: 'ComparisonError', message: dest.error } }
      : { ok: false, condition: { type: 'InvalidSpecError', message: dest.error } };
  const { target } = dest;
  const base = opts.source ?? primarySource(app.spec);
  if (!base) return { ok: false, condition: { type: 'InvalidSpecError', message: 'spec.source: required' } };
  const source: ApplicationSource = opts.revision ? { ...base, targetRevision: opts.revision } : base;

  const wanted = opts.sources ?? app.spec.sources;
  const multi = !opts.source && isMultiSource(wanted) ? wanted : undefined;
  let rendered: RenderedSources;
  try {
    const version = await target.discovery.serverVersion().catch(() => undefined);
    const t0 = ctx.timers.now();
    const common = {
      appName: app.metadata.name,
      appNamespace: app.metadata.namespace ?? ctx.config.namespace,
      destinationNamespace: dest.namespace,
      kubeVersion: version?.gitVersion.replace(/^v/, ''),
      kustomizeBuildOptions: kustomizeBuildOptions(ctx),
      noCache: opts.hard ?? false,
      refreshRevision: opts.refreshRevision ?? false,
      project: app.spec.project || 'default',
    };
    rendered = multi
      ? await renderSources(ctx.repo, common, multi, opts.revisions)
      : await ctx.repo.render({ ...common, source });
    ctx.observer.render(ctx.timers.now() - t0, rendered.cached);
  } catch (e) {
    const what = multi
      ? 'failed to render'
      : `failed to render ${source.repoURL} at ${source.targetRevision ?? 'HEAD'} path ${source.path ?? '.'}:`;
    return { ok: false, condition: { type: 'ComparisonError', message: `${what} ${errorMessage(e)}` } };
  }

  const scopes = new Map<string, boolean | undefined>();
  for (const obj of rendered.objects) {
    const { group } = splitApiVersion(obj.apiVersion);
    const k = `${group}/${obj.kind}`;
    if (scopes.has(k)) continue;
    const res = await target.discovery.find(group, obj.kind);
    scopes.set(k, res?.namespaced);
    // A type created after the cache started (a new CRD) is watched from its first use on.
    if (res) await target.cache.ensureType(group, obj.kind).catch(() => undefined);
  }
  const instance = instanceOf(ctx, app);
  const desired = prepareDesired(rendered.objects, {
    instance,
    destinationNamespace: dest.namespace,
    trackingMethod: ctx.config.trackingMethod,
    installationID: ctx.config.installationID,
    isNamespaced: (g, kind) => scopes.get(`${g}/${kind}`),
  });
  const settings = ctx.diffSettings();
  const predictions = serverSideDiffEnabled(app, ctx.config.serverSideDiff)
    ? await predictLive(ctx, target, {
        desired,
        appSyncOptions: app.spec.syncPolicy?.syncOptions,
        bypassCache: opts.hard ?? false,
      })
    : new Map<string, Prediction>();
  const ignoreDifferences = [...(app.spec.ignoreDifferences ?? []), ...settings.ignoreDifferences];
  const guardrails = projectGuardrails(ctx.apps.project(app.spec.project || 'default'));
  const comparison = compareApp({
    app,
    instance,
    desired,
    tracked: trackedObjects(ctx, app, target.cache),
    liveByKey: (key) => target.cache.get(parseKeyString(key)),
    compareObject: (d, l) =>
      compareWithPrediction(
        { desired: d, live: l, ignoreDifferences, managedFieldsManager: ctx.config.fieldManager },
        predictions.get(keyString(keyOf(d))),
        settings,
      ),
    assessHealth: ctx.assessHealth,
    isThisInstallation: (o) => isThisInstallation(ctx, o),
    guardrail: (o) => guardrailViolations(guardrails, o),
  });
  const fallback = fallbackCondition(predictions);
  if (fallback) comparison.conditions.push(fallback);
  const nsExists =
    dest.namespace === '' ||
    target.cache.get({ group: '', kind: 'Namespace', namespace: '', name: dest.namespace }) !== undefined;
  return {
    ok: true,
    revision: rendered.revision,
    source,
    ...(multi ? { revisions: rendered.revisions, sources: multi } : {}),
    sourceType: rendered.sourceType,
    desired,
    comparison,
    predictions,
    destinationNamespace: dest.namespace,
    destinationNamespaceExists: nsExists,
    target,
  };
}

export { keyString };
