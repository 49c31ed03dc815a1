// Which Applications a change in one repository touches: changed paths against each source's path, its Helm
// value files (multi-source `$ref/` ones too) and Argo CD's manifest-generate-paths annotation. Pure.
import { posix } from 'node:path';
import { normalizeRepoURL } from '../git/index.js';
import type { Application, ApplicationSource } from '../model/index.js';

/** Argo CD's annotation naming more paths whose changes concern an app (`;`-separated, `/`-rooted or relative). */
export const ANNOTATION_MANIFEST_PATHS = 'argocd.argoproj.io/manifest-generate-paths';

/** The app's sources, single or multiple, as a list. */
export function sourcesOf(app: Application): ApplicationSource[] {
  const many = app.spec.sources;
  if (many && many.length > 0) return many;
  return app.spec.source ? [app.spec.source] : [];
}

/** Whether any source of `app` takes files from `repoURL` (spellings of one repository agree). */
export function usesRepo(app: Application, repoURL: string): boolean {
  const repo = normalizeRepoURL(repoURL);
  return sourcesOf(app).some((s) => normalizeRepoURL(s.repoURL) === repo);
}

/** A repository-relative path without `./`, leading or trailing slashes; `''` is the whole repository. */
function clean(p: string): string {
  const n = posix.normalize(`/${p}`).replace(/^\/+|\/+$/g, '');
  return n === '.' ? '' : n;
}

/** Paths (repository-relative) whose change concerns the sources of `app` that live in `repoURL`. */
export function watchedPaths(app: Application, repoURL: string): string[] {
  const repo = normalizeRepoURL(repoURL);
  const sources = sourcesOf(app);
  const inRepo = (s: ApplicationSource) => normalizeRepoURL(s.repoURL) === repo;
  const out: string[] = [];
  for (const s of sources) {
    if (!inRepo(s) || s.chart) continue;
    const dir = s.path;
    if (dir !== undefined) out.push(clean(dir));
    for (const vf of s.helm?.valueFiles ?? [])
      if (!vf.startsWith('$') && !/^[a-z]+:\/\//i.test(vf)) out.push(clean(posix.join(dir ?? '', vf)));
  }
  // Multi-source: `$values/envs/prod.yaml` in one source reads the source with `ref: values`.
  const refs = new Set(sources.filter((s) => s.ref && inRepo(s)).map((s) => s.ref));
  for (const s of sources)
    for (const vf of s.helm?.valueFiles ?? []) {
      const m = /^\$([^/]+)\/(.*)$/.exec(vf);
      if (m?.[1] && refs.has(m[1])) out.push(clean(m[2] ?? ''));
    }
  const extra = app.metadata.annotations?.[ANNOTATION_MANIFEST_PATHS];
  const base = sources.find((s) => inRepo(s) && s.path !== undefined)?.path ?? '';
  for (const p of (extra ?? '').split(';').map((x) => x.trim()))
    if (p) out.push(clean(p.startsWith('/') ? p : posix.join(base, p)));
  return [...new Set(out)];
}

/** Whether any changed file lies at or under one of the watched paths. */
export function touches(watched: readonly string[], files: readonly string[]): boolean {
  return watched.some((w) => w === '' || files.some((f) => f === w || f.startsWith(`${w}/`)));
}
