// Who may make the server read a repository through appdetails (Argo CD's rule): the app's readers for
// its own repository, else someone who may create or update apps in a project whose sourceRepos allow it.
import { checkSourceAllowed } from '../policy/index.js';
import type { ApiContext } from './api-context.js';
import { forbidden } from './http-error.js';
import { repoKey } from './webhook/repo-match.js';

export interface AppDetailsScope {
  repoURL: string;
  appName?: string | undefined;
  appProject?: string | undefined;
}

/** Throws a 403 unless the caller may have the server clone `repoURL` for this purpose. */
export function requireAppDetailsAccess(
  api: ApiContext,
  can: (resource: string, action: string, object: string) => boolean,
  scope: AppDetailsScope,
): void {
  const existing = scope.appName ? api.read.apps.get(scope.appName) : undefined;
  if (existing) {
    const project = existing.spec.project || 'default';
    const object = `${project}/${existing.metadata.name}`;
    const proj = api.projects().find((p) => p.metadata.name === project);
    const own = [existing.spec.source, ...(existing.spec.sources ?? [])].some(
      (s) => s && repoKey(s.repoURL) === repoKey(scope.repoURL),
    );
    const permitted = proj !== undefined && checkSourceAllowed(proj, scope.repoURL).allowed;
    if (permitted && ((own && can('applications', 'get', object)) || can('applications', 'update', object)))
      return;
  } else {
    const name = scope.appName ?? '*';
    for (const proj of api.projects()) {
      if (scope.appProject && proj.metadata.name !== scope.appProject) continue;
      if (
        can('applications', 'create', `${proj.metadata.name}/${name}`) &&
        checkSourceAllowed(proj, scope.repoURL).allowed
      )
        return;
    }
  }
  throw forbidden(
    `reading ${scope.repoURL} needs "applications, create" (or "update" of the app) in a project whose sourceRepos allow it`,
    'ask an admin for that permission, or pick a repository your project allows',
  );
}
