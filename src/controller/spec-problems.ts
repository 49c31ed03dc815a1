// What is wrong with an Application's spec, as InvalidSpecError messages (project rules included).
import type { Application, AppProject } from '../model/index.js';
import { primarySource } from '../model/index.js';
import { checkDestinationAllowed, checkResourceAllowed, checkSourceAllowed } from '../policy/index.js';
import type { PlanInput } from '../sync/plan-types.js';
import { validateApplication } from '../model/validate-application.js';
import type { ControllerContext } from './context.js';

/**
 * Spec validation is pure in (app generation, project version): remember answers so a steady-state
 * reconcile does not re-validate. Bounded; cleared wholesale when full.
 */
const remembered = new Map<string, string[]>();
const REMEMBER_MAX = 20_000;

export function specProblems(ctx: ControllerContext, app: Application): string[] {
  const project = ctx.apps.project(app.spec?.project || 'default');
  const key = `${app.metadata.uid ?? app.metadata.name}/${app.metadata.generation ?? ''}/${project?.metadata.resourceVersion ?? '-'}`;
  let problems = app.metadata.uid && app.metadata.generation !== undefined ? remembered.get(key) : undefined;
  if (!problems) {
    problems = computeProblems(ctx, app);
    if (remembered.size >= REMEMBER_MAX) remembered.clear();
    remembered.set(key, problems);
  }
  // Clusters change without the app or project changing: the destination is checked every time (cheap).
  const destination = project ? destinationProblem(ctx, app, project) : undefined;
  return destination ? [...problems, destination] : problems;
}

function computeProblems(ctx: ControllerContext, app: Application): string[] {
  const validation = validateApplication(app);
  const problems: string[] = validation.ok ? [] : [...validation.errors];
  const spec = app.spec as Partial<Application['spec']> | undefined;
  if (!spec) return problems.length > 0 ? problems : ['spec: required'];
  const source = primarySource(app.spec);
  const projectName = spec.project || 'default';
  const project = ctx.apps.project(projectName);
  if (!project) {
    problems.push(
      `application references project ${projectName} which does not exist (create the AppProject in namespace ${ctx.config.namespace})`,
    );
    return problems;
  }
  if (source?.repoURL) {
    const r = checkSourceAllowed(project, source.repoURL);
    if (!r.allowed) problems.push(r.reason);
  }
  return problems;
}

/** Whether the project permits the destination: its destinations entries, or a cluster scoped to it. */
function destinationProblem(
  ctx: ControllerContext,
  app: Application,
  project: AppProject,
): string | undefined {
  const d = app.spec?.destination as Application['spec']['destination'] | undefined;
  if (!d || (!d.server && !d.name)) return undefined;
  const projectName = project.metadata.name ?? 'default';
  const resolved = ctx.clusters.resolve({ server: d.server, name: d.name });
  const cluster = resolved.ok ? resolved.cluster : undefined;
  // Argo CD checks the destination with both the server and the name of the cluster it resolves to.
  const server = d.server || cluster?.server;
  const name = d.name || cluster?.name;
  const r = checkDestinationAllowed(project, {
    ...(server ? { server } : {}),
    ...(name ? { name } : {}),
    namespace: d.namespace ?? '',
  });
  const scoped = cluster?.project !== undefined && cluster.project === projectName;
  if (project.spec.permitOnlyProjectScopedClusters && !scoped)
    return `destination cluster ${cluster?.name ?? d.server ?? d.name ?? ''} is not scoped to project "${projectName}", which permits only project-scoped clusters`;
  return r.allowed || scoped ? undefined : r.reason;
}

/** The app's project rule for kinds, as the sync planner takes it (no project: nothing is checked here; specProblems reports it). */
export function projectKindRule(ctx: ControllerContext, app: Application): PlanInput['permitted'] {
  const project = ctx.apps.project(app.spec.project || 'default');
  if (!project) return undefined;
  return (res) => {
    const r = checkResourceAllowed(project, res);
    return r.allowed ? undefined : r.reason;
  };
}
