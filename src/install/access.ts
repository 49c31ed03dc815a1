// ServiceAccounts and RBAC per component, split as Argo CD splits them: the controller may manage any
// resource; the API server reads the cluster and writes only its own objects in its namespace.
import type { KubeObject } from '../model/index.js';
import type { InstallParams } from './params.js';
import { CONTROLLER, SERVER, labels } from './workloads.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const ALL = ['*'];
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'];

function serviceAccount(name: string, component: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, labels: labels(name, component) } };
}

function binding(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  component: string,
  namespace: string,
): KubeObject {
  // A ClusterRoleBinding must name the namespace; Kustomize writes it into RoleBindings too, so we do.
  const subject = { kind: 'ServiceAccount', name, namespace };
  return {
    apiVersion: RBAC,
    kind,
    metadata: { name, labels: labels(name, component) },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole',
      name,
    },
    subjects: [subject],
  };
}

function role(kind: 'Role' | 'ClusterRole', name: string, component: string, rules: unknown[]): KubeObject {
  return { apiVersion: RBAC, kind, metadata: { name, labels: labels(name, component) }, rules };
}

/** The controller applies, patches and deletes whatever Applications deploy, cluster-wide. */
export function controllerAccess(p: InstallParams): KubeObject[] {
  const c = 'application-controller';
  return [
    serviceAccount(CONTROLLER, c),
    role('ClusterRole', CONTROLLER, c, [
      { apiGroups: ALL, resources: ALL, verbs: ALL },
      { nonResourceURLs: ALL, verbs: ['get'] },
    ]),
    binding('ClusterRoleBinding', CONTROLLER, c, p.namespace),
    // Named on its own so the shard Leases survive a narrower ClusterRole (ADR 0028).
    role('Role', CONTROLLER, c, [
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['create', 'get', 'list', 'patch', 'delete'],
      },
    ]),
    binding('RoleBinding', CONTROLLER, c, p.namespace),
  ];
}

/**
 * The API server shows live resources (read, cluster-wide), and writes Applications, AppProjects,
 * repository and cluster Secrets and Events in its namespace; it never changes deployed resources.
 */
export function serverAccess(p: InstallParams): KubeObject[] {
  const c = 'server';
  return [
    serviceAccount(SERVER, c),
    role('ClusterRole', SERVER, c, [{ apiGroups: ALL, resources: ALL, verbs: READ }]),
    binding('ClusterRoleBinding', SERVER, c, p.namespace),
    role('Role', SERVER, c, [
      {
        apiGroups: ['argoproj.io'],
        resources: ['applications', 'applications/status', 'appprojects', 'applicationsets'],
        verbs: WRITE,
      },
      { apiGroups: [''], resources: ['secrets'], verbs: WRITE },
      { apiGroups: [''], resources: ['configmaps'], verbs: READ },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'list', 'patch'] },
    ]),
    binding('RoleBinding', SERVER, c, p.namespace),
  ];
}
