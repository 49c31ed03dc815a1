// POST /api/v1/preview: what merging `head` into `base` of a repository would change in every app the
// caller may get (apps they cannot see are never mentioned); renders and dry runs happen here, beside the
// cluster and the repository credentials.
import { z } from 'zod';
import { touches, usesRepo, watchedPaths } from '../controller/preview-scope.js';
import type { AppPreview } from '../controller/app-preview.js';
import type { Application } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { badRequest, notFound } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { withSourceErrors } from './source-errors.js';

export const previewRequest = z.object({
  repoURL: z.string().min(1, 'required'),
  base: z.string().min(1, 'required'),
  head: z.string().min(1, 'required'),
});

export interface PreviewResponse {
  repoURL: string;
  base: { revision: string; sha: string };
  head: { revision: string; sha: string };
  changedFiles: string[];
  apps: AppPreview[];
}

/** Apps previewed at once (each renders twice and dry-runs what changed). */
const PARALLEL = 4;

export function previewRoutes(api: ApiContext): Route[] {
  const { read } = api;
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/preview',
      summary:
        'Preview a change: the apps the diff between two revisions of a repository touches, each rendered at both and the head dry-run against its cluster',
      tag: 'Applications',
      auth: 'user',
      rbac: { resource: 'applications', action: 'get' },
      body: previewRequest,
      async handler({ body, can }) {
        const { repoURL, base, head } = body;
        const visible = read.apps
          .list()
          .filter(
            (a) =>
              can('applications', 'get', `${a.spec.project || 'default'}/${a.metadata.name}`) &&
              usesRepo(a, repoURL),
          );
        // Without an app of the repository to show, the server's credentials answer nothing about it.
        const first = visible[0];
        if (!first)
          throw notFound(
            `no application you may see takes sources from ${repoURL}`,
            'check the repository URL (as the apps spell it) and your permissions',
          );
        if (base === head) throw badRequest('base and head are the same revision');
        const diff = await withSourceErrors(() =>
          read.repo.changedFiles(repoURL, base, head, { project: first.spec.project || 'default' }),
        );
        const touched = visible
          .filter((a) => touches(watchedPaths(a, repoURL), diff.files))
          .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
        const rev = { repoURL, baseSha: diff.baseSha, headSha: diff.headSha };
        const apps: AppPreview[] = [];
        const one = async (a: Application) => {
          const p = await read.preview(a, rev);
          if (p) apps.push(p);
        };
        for (let i = 0; i < touched.length; i += PARALLEL)
          await Promise.all(touched.slice(i, i + PARALLEL).map(one));
        apps.sort((a, b) => a.name.localeCompare(b.name));
        const out: PreviewResponse = {
          repoURL,
          base: { revision: base, sha: diff.baseSha },
          head: { revision: head, sha: diff.headSha },
          changedFiles: diff.files,
          apps,
        };
        return json(out);
      },
    }),
  ];
}
