// An app's sources as Argo CD renders them: spec.sources one by one (a `ref` source with neither
// path nor chart only lends its files to `$ref/path` value files), objects together, and the
// revision of every source in order; one source (spec.source) as a single render.
import { errorMessage } from '../common/errors.js';
import type { ApplicationSource, KubeObject } from '../model/index.js';
import type { RepoPort } from '../render/index.js';

type RenderRequest = Parameters<RepoPort['render']>[0];

export interface RenderedSources {
  /** The source's revision; for several sources all of them joined (what a change is noticed by). */
  revision: string;
  /** Several sources: the revision of each, in the order of spec.sources. */
  revisions?: string[];
  objects: KubeObject[];
  sourceType: string;
  cached: boolean;
}

/** Whether an app renders spec.sources as several sources. */
export function isMultiSource(
  sources: readonly ApplicationSource[] | undefined,
): sources is ApplicationSource[] {
  return (sources?.length ?? 0) > 1;
}

const lendsOnly = (s: ApplicationSource) => Boolean(s.ref) && !s.path && !s.chart;

/** The source at `revisions[i]` when the operation names one (a rollback, `app sync --revisions`). */
function at(s: ApplicationSource, revision: string | undefined): ApplicationSource {
  return revision ? { ...s, targetRevision: revision } : s;
}

export async function renderSources(
  repo: RepoPort,
  common: Omit<RenderRequest, 'source' | 'refs'>,
  sources: readonly ApplicationSource[],
  revisions: readonly string[] = [],
): Promise<RenderedSources> {
  const pinned = sources.map((s, i) => at(s, revisions[i]));
  const refs: Record<string, { repoURL: string; targetRevision?: string | undefined }> = {};
  for (const s of pinned) if (s.ref) refs[s.ref] = { repoURL: s.repoURL, targetRevision: s.targetRevision };
  const out: RenderedSources = { revision: '', revisions: [], objects: [], sourceType: '', cached: true };
  for (const [i, s] of pinned.entries()) {
    try {
      if (lendsOnly(s)) {
        out.revisions?.push(
          await repo.resolveRevision(s.repoURL, s.targetRevision, {
            noCache: (common.noCache ?? false) || (common.refreshRevision ?? false),
            project: common.project,
          }),
        );
        continue;
      }
      const r = await repo.render({ ...common, source: s, refs });
      out.revisions?.push(r.revision);
      out.objects.push(...r.objects);
      out.sourceType ||= r.sourceType;
      out.cached &&= r.cached;
    } catch (e) {
      throw new Error(
        `spec.sources[${i}] (${s.repoURL} at ${s.targetRevision ?? 'HEAD'}${s.chart ? ` chart ${s.chart}` : ` path ${s.path ?? '.'}`}): ${errorMessage(e)}`,
        { cause: e },
      );
    }
  }
  out.revision = (out.revisions ?? []).join(',');
  return out;
}
