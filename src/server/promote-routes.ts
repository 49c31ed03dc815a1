// POST …/{name}/promote: copy the images (by digest) and chosen values of another environment into the
// app's own, as one commit on its branch or a review branch. `from`/`to` name apps or overlay folders.
import { posix } from 'node:path';
import { z } from 'zod';
import { sourcesOf, usesRepo } from '../controller/preview-scope.js';
import type { Application } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { pushed, requestedAuthor } from './git-write-routes.js';
import { badRequest, HttpError } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { withSourceErrors } from './source-errors.js';

export const promoteRequest = z.object({
  from: z.string().min(1, 'required'),
  to: z.string().min(1).optional(),
  values: z.array(z.string().min(1)).optional(),
  /** `Name <email>`; default: argocd-cm's driftless.git-write.author, else Driftless. */
  author: z.string().min(1).optional(),
});

/** The app's source folder in its repository. */
function pathOf(app: Application): string {
  const path = sourcesOf(app).find((s) => s.path !== undefined)?.path;
  if (path === undefined)
    throw badRequest(`${app.metadata.name} has no source path`, 'promotion copies between overlay folders');
  return path.replace(/^\.?\/+|\/+$/g, '');
}

export function promoteRoutes(api: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications/{name}/promote',
      summary:
        "Promote into this app's environment: image references of `from` (an app or overlay folder) that differ, pinned by digest, and chosen Helm values, in one commit",
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'update'),
      body: promoteRequest,
      async handler({ params, body, principal, require }) {
        const app = await api.app(params.name ?? '');
        const git = api.git;
        if (!git) throw new HttpError(501, 'this API server does not write to Git');
        const own = pathOf(app);
        // An app name (the caller must see it, and it must live in the same repository), else a folder:
        // with a slash from the repository root, without one beside the app's own folder.
        const locate = async (ref: string): Promise<string> => {
          const other = await api.read.apps.read(ref);
          if (other) {
            require('applications', 'get', `${other.spec.project || 'default'}/${ref}`);
            const repo = sourcesOf(app)[0]?.repoURL ?? '';
            if (!usesRepo(other, repo))
              throw badRequest(
                `${ref} takes its manifests from another repository than ${app.metadata.name}`,
              );
            return pathOf(other);
          }
          return ref.includes('/') ? ref : posix.join(posix.dirname(own), ref);
        };
        const from = await locate(body.from);
        const to = body.to ? await locate(body.to) : own;
        if (from === to) throw badRequest(`from and to are the same folder ${from}`);
        const result = await withSourceErrors(() =>
          git.promote(app, {
            author: requestedAuthor(body.author),
            from,
            to,
            values: body.values ?? [],
            fromLabel: body.from,
            toLabel: body.to ?? app.metadata.name,
            user: principal?.sub ?? 'unknown',
          }),
        );
        return json(await pushed(api, app, 'promoted through Git', result));
      },
    }),
  ];
}
