// A PR preview of one app: its sources that track the base rendered at the base and at the head commit
// (through the repo service, as a refresh renders), the two renders compared, and the head's added and
// changed objects sent to the destination as a server-side dry run. Nothing is written.
import { errorMessage } from '../common/errors.js';
import { normalizeRepoURL } from '../git/index.js';
import { renderChanges, type RenderChanges } from '../diff/render-changes.js';
import { keyOf, keyString, type Application, type KubeObject, type ResourceKey } from '../model/index.js';
import { hookInfo } from '../sync/hooks.js';
import type { ControllerContext } from './context.js';
import { serverDryRun } from './predict-live.js';
import { sourcesOf } from './preview-scope.js';
import { refreshApp, type RefreshOk } from './refresh.js';

export interface DryRunRefusal extends ResourceKey {
  message: string;
}

export interface AppPreview extends RenderChanges {
  name: string;
  project: string;
  /** The head's objects the destination refused in a server-side dry run. */
  refused: DryRunRefusal[];
  /** Rendering either revision failed, or the destination was unreachable (nothing else is reported). */
  error?: string;
}

export interface PreviewRevisions {
  repoURL: string;
  baseSha: string;
  headSha: string;
}

/**
 * The preview of `app`, or undefined when none of its sources in the repository follows the base
 * (an app pinned to a tag or another branch is not changed by merging into the base).
 */
export async function previewApp(
  ctx: ControllerContext,
  app: Application,
  rev: PreviewRevisions,
): Promise<AppPreview | undefined> {
  const project = app.spec.project || 'default';
  const repo = normalizeRepoURL(rev.repoURL);
  const sources = sourcesOf(app);
  const follows = await Promise.all(
    sources.map(async (s) => {
      if (normalizeRepoURL(s.repoURL) !== repo || s.chart) return false;
      const sha = await ctx.repo.resolveRevision(s.repoURL, s.targetRevision, { project }).catch(() => '');
      return sha === rev.baseSha;
    }),
  );
  if (!follows.includes(true)) return undefined;
  const out: AppPreview = {
    name: app.metadata.name,
    project,
    added: [],
    changed: [],
    pruned: [],
    refused: [],
  };
  const render = (sha: string) =>
    sources.length > 1
      ? refreshApp(ctx, app, { revisions: follows.map((f) => (f ? sha : '')) })
      : refreshApp(ctx, app, { revision: sha });
  const [base, head] = [await render(rev.baseSha), await render(rev.headSha)];
  if (!base.ok || !head.ok) {
    const failed = !head.ok ? head : base.ok ? undefined : base;
    return { ...out, error: `${!head.ok ? 'head' : 'base'}: ${failed?.condition.message ?? ''}` };
  }
  const changes = renderChanges(base.desired, head.desired);
  const touched = new Set([...changes.added, ...changes.changed].map((k) => keyString(k)));
  const refused = await dryRunHead(
    ctx,
    head,
    head.desired.filter((o) => touched.has(keyString(keyOf(o)))),
  );
  return { ...out, ...changes, refused };
}

/** Dry-runs the objects the change adds or changes against the destination; refusals are returned. */
async function dryRunHead(
  ctx: ControllerContext,
  head: RefreshOk,
  objects: readonly KubeObject[],
): Promise<DryRunRefusal[]> {
  const refused: DryRunRefusal[] = [];
  for (const obj of objects) {
    const hook = hookInfo(obj);
    if (hook.isHook || hook.skip) continue;
    // A namespace the sync would create (CreateNamespace=true) does not exist yet: nothing to ask.
    if (!head.destinationNamespaceExists && obj.metadata.namespace === head.destinationNamespace) continue;
    const r = await serverDryRun(ctx, head.target, obj, 'Strict').catch((e: unknown) => ({
      ok: false as const,
      message: errorMessage(e),
    }));
    if (!r.ok) refused.push({ ...keyOf(obj), message: r.message });
  }
  return refused;
}
