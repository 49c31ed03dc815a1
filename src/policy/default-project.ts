// The `default` AppProject Argo CD creates: any repository, any destination, any resource.
import { API_VERSION, DEFAULT_NAMESPACE, type AppProject } from '../model/index.js';

export const DEFAULT_PROJECT_NAME = 'default';

/**
 * What Argo CD ships as `default`. Destinations also allow any cluster `name`, so an application that names its
 * cluster is permitted before the name is resolved to a server (Argo CD resolves first, then checks).
 */
export function defaultProject(namespace: string = DEFAULT_NAMESPACE): AppProject {
  return {
    apiVersion: API_VERSION,
    kind: 'AppProject',
    metadata: { name: DEFAULT_PROJECT_NAME, namespace },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', name: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}
