// Builds AppProjects for the policy tests.
import { API_VERSION, type AppProject, type AppProjectSpec } from '../model/index.js';

export function project(spec: AppProjectSpec, name = 'team-a'): AppProject {
  return { apiVersion: API_VERSION, kind: 'AppProject', metadata: { name, namespace: 'argocd' }, spec };
}
