// What is wrong with an Application's spec, as InvalidSpecError messages (project rules included).
import type { Application } from '../model/index.js';
import { primarySource } from '../model/index.js';
import type { ControllerContext } from './context.js';

export function specProblems(ctx: ControllerContext, app: Application): string[] {
  const problems: string[] = [];
  const spec = app.spec as Partial<Application['spec']> | undefined;
  if (!spec) return ['spec: required'];
  if (!spec.destination) problems.push('spec.destination: required');
  else if (spec.destination.server && spec.destination.name) problems.push('spec.destination: set either server or name, not both');
  else if (!spec.destination.server && !spec.destination.name) problems.push('spec.destination: set server or name');
  const source = primarySource(app.spec);
  if (!source) problems.push('spec.source: required');
  else if (!source.repoURL) problems.push('spec.source.repoURL: required');
  const projectName = spec.project || 'default';
  if (!ctx.apps.project(projectName)) {
    problems.push(`application references project ${projectName} which does not exist (create the AppProject in namespace ${ctx.config.namespace})`);
  }
  return problems;
}
