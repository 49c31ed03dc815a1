// AppProject enforcement for API writes: the app's project must exist and permit its sources and destination.
import type { Application, AppProject } from '../model/index.js';
import { validateApplication } from '../model/validate-application.js';
import { checkDestinationAllowed, checkResourceAllowed, checkSourceAllowed } from '../policy/index.js';
import { checkSyncWindows } from '../policy/sync-window.js';
import type { ApiContext } from './api-context.js';
import { badRequest, forbidden } from './http-error.js';

export async function projectOf(api: ApiContext, app: Application): Promise<AppProject> {
  const name = app.spec.project || 'default';
  const p = await api.read.apps.readProject(name);
  if (!p)
    throw forbidden(
      `application ${app.metadata.name} references project "${name}", which does not exist`,
      'create the AppProject first',
    );
  return p;
}

/** Refuses an app spec that is malformed (400) or that its project does not permit (403, naming the rule). */
export async function enforceAppSpec(api: ApiContext, app: Application): Promise<void> {
  const v = validateApplication(app);
  if (!v.ok)
    throw badRequest(`application spec is invalid: ${v.errors.join('; ')}`, undefined, { issues: v.errors });
  const project = await projectOf(api, app);
  const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  for (const s of sources) {
    const r = checkSourceAllowed(project, s.repoURL);
    if (!r.allowed) throw forbidden(r.reason, 'add the repository to the project sourceRepos');
  }
  const d = app.spec.destination;
  const r = checkDestinationAllowed(project, {
    ...(d.server ? { server: d.server } : {}),
    ...(d.name ? { name: d.name } : {}),
    namespace: d.namespace ?? '',
  });
  if (!r.allowed) throw forbidden(r.reason, 'add the destination to the project destinations');
}

/** A sync the project's sync windows refuse is a 403 naming the window. */
export async function enforceSyncWindows(api: ApiContext, app: Application, manual: boolean): Promise<void> {
  const project = await projectOf(api, app);
  const d = app.spec.destination;
  const decision = checkSyncWindows(
    project,
    { app: app.metadata.name, namespace: d.namespace ?? '', server: d.server, clusterName: d.name },
    { manual, nowMs: api.nowMs() },
  );
  if (!decision.allowed)
    throw forbidden(decision.reason, 'wait for the window to close, or ask a project admin to change it');
}

/**
 * A sync of kinds the project does not permit is a 403 naming the kind and the project: the resources
 * selected, else those of the app's last comparison. (The controller's plan checks the rendered set too.)
 */
export async function enforceResourceKinds(
  api: ApiContext,
  app: Application,
  selected:
    readonly { group?: string | undefined; kind: string; namespace?: string | undefined }[] | undefined,
): Promise<void> {
  const project = await projectOf(api, app);
  const resources = selected?.length ? selected : (app.status?.resources ?? []);
  const reasons = new Set<string>();
  for (const r of resources) {
    const d = checkResourceAllowed(project, {
      group: r.group ?? '',
      kind: r.kind,
      namespaced: !!r.namespace,
    });
    if (!d.allowed) reasons.add(d.reason);
  }
  if (reasons.size > 0)
    throw forbidden(
      `cannot sync ${app.metadata.name}: ${[...reasons].join('; ')}`,
      'remove the resources from the source, or ask a project admin to permit the kind',
    );
}
