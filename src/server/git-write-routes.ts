// Routes that commit to an app's configuration repository: rollback as a revert (RBAC: update, since
// the desired state in Git changes); a pushed commit is refreshed at once, so auto-sync deploys it.
import { z } from 'zod';
import { parseGitAuthor, type GitAuthor } from '../common/git-author.js';
import { ANNOTATION_REFRESH, type Application } from '../model/index.js';
import type { ApiContext } from './api-context.js';
import { appObjectCheck } from './app-read-routes.js';
import { badRequest, HttpError } from './http-error.js';
import { defineRoute, json, type Route } from './route.js';
import { withSourceErrors } from './source-errors.js';

export const gitRollbackRequest = z.object({
  to: z.string().min(1).optional(),
  /** `Name <email>`; default: argocd-cm's driftless.git-write.author, else Driftless. */
  author: z.string().min(1).optional(),
});

/** The request's commit author, or undefined for the server's default; a malformed one is a 400. */
export function requestedAuthor(text: string | undefined): GitAuthor | undefined {
  if (text === undefined) return undefined;
  try {
    return parseGitAuthor(text, 'author');
  } catch (e) {
    throw badRequest(
      (e as Error).message,
      'write it as "Name <email>", e.g. "Release Bot <release@example.com>"',
    );
  }
}

/** Logs a write; a commit on the app's own branch is refreshed at once, so auto-sync deploys it. */
export async function pushed<R extends { branch: string; sha: string; review: boolean }>(
  api: ApiContext,
  app: Application,
  what: string,
  result: R,
): Promise<R> {
  api.log.info(what, {
    app: app.metadata.name,
    branch: result.branch,
    sha: result.sha,
    review: result.review,
  });
  if (!result.review)
    api.wrote(
      await api.writer.patch<Application>('Application', app.metadata.name, {
        metadata: { annotations: { [ANNOTATION_REFRESH]: 'normal' } },
      }),
    );
  return result;
}

export function gitWriteRoutes(api: ApiContext): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/applications/{name}/git-rollback',
      summary:
        'Roll back through Git: revert the commits deployed after `to` (default: the previous history revision) in one commit on the branch the app follows, or on a review branch when its project requires review',
      tag: 'Applications',
      auth: 'user',
      rbac: appObjectCheck(api, 'update'),
      body: gitRollbackRequest,
      async handler({ params, body, principal }) {
        const app = await api.app(params.name ?? '');
        const git = api.git;
        if (!git) throw new HttpError(501, 'this API server does not write to Git');
        const result = await withSourceErrors(() =>
          git.rollback(app, {
            to: body.to,
            user: principal?.sub ?? 'unknown',
            author: requestedAuthor(body.author),
          }),
        );
        return json(await pushed(api, app, 'rolled back through Git', result));
      },
    }),
  ];
}
