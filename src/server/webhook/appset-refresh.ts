// A push also refreshes the ApplicationSets whose Git generators read the pushed repository (Argo CD's
// appset webhook): their remote refs are renewed, then the refresh annotation asks the controller to run.
import { errorMessage } from '../../common/errors.js';
import {
  ANNOTATION_APPSET_REFRESH,
  API_GROUP,
  appSetGitRepos,
  type ApplicationSet,
} from '../../model/index.js';
import type { ApiContext } from '../api-context.js';
import type { PushEvent } from './payload.js';
import { repoKey } from './repo-match.js';

/** Annotates each matching ApplicationSet; returns how many were asked to refresh. */
export async function refreshAppSetsForPush(api: ApiContext, push: PushEvent): Promise<number> {
  const keys = new Set(push.repoURLs.map(repoKey));
  const namespace = api.read.namespace;
  const sets = api.read.list(API_GROUP, 'ApplicationSet', namespace) as ApplicationSet[];
  let refreshed = 0;
  for (const set of sets) {
    const repos = appSetGitRepos(set).filter((r) => keys.has(repoKey(r)));
    if (repos.length === 0) continue;
    for (const repoURL of new Set(repos))
      await api.read.repo
        .lsRemote(repoURL, { maxAgeMs: 0, project: set.spec.template?.spec?.project || 'default' })
        .catch((e: unknown) =>
          api.log.warn('webhook: ls-remote failed', { repo: repoURL, error: errorMessage(e) }),
        );
    const patch = { metadata: { annotations: { [ANNOTATION_APPSET_REFRESH]: 'true' } } };
    await api.writer
      .patch('ApplicationSet', set.metadata.name ?? '', patch)
      .then(() => refreshed++)
      .catch((e: unknown) =>
        api.log.warn('webhook: applicationset refresh failed', {
          appset: set.metadata.name,
          error: errorMessage(e),
        }),
      );
  }
  return refreshed;
}
