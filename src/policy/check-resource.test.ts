// Resource white/blacklist cases with Argo CD's outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppProjectSpec } from '../model/index.js';
import { checkResourceAllowed, type ResourceToCheck } from './check-resource.js';
import { project } from './test-project.js';

const deployment: ResourceToCheck = { group: 'apps', kind: 'Deployment', namespaced: true };
const configMap: ResourceToCheck = { group: '', kind: 'ConfigMap', namespaced: true };
const namespace: ResourceToCheck = { group: '', kind: 'Namespace', namespaced: false };
const clusterRole: ResourceToCheck = {
  group: 'rbac.authorization.k8s.io',
  kind: 'ClusterRole',
  namespaced: false,
};
const all = [{ group: '*', kind: '*' }];

test('checkResourceAllowed', () => {
  const cases: [string, AppProjectSpec, ResourceToCheck, true | RegExp][] = [
    ['namespaced, no lists', {}, deployment, true],
    [
      'cluster-scoped, no whitelist',
      {},
      namespace,
      /^cluster-scoped resource Namespace is not permitted in project "team-a" \(clusterResourceWhitelist: none\); cluster-scoped resources are denied unless whitelisted$/,
    ],
    ['cluster-scoped, */* whitelist', { clusterResourceWhitelist: all }, clusterRole, true],
    [
      'cluster-scoped, only Namespace',
      { clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] },
      namespace,
      true,
    ],
    [
      'cluster-scoped, not in whitelist',
      { clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] },
      clusterRole,
      /resource rbac.authorization.k8s.io\/ClusterRole is not permitted .*\(clusterResourceWhitelist: Namespace\)/,
    ],
    [
      'cluster-scoped, blacklisted',
      {
        clusterResourceWhitelist: all,
        clusterResourceBlacklist: [{ group: 'rbac.authorization.k8s.io', kind: '*' }],
      },
      clusterRole,
      /^cluster-scoped resource rbac.authorization.k8s.io\/ClusterRole is denied by clusterResourceBlacklist entry "rbac.authorization.k8s.io\/\*" in project "team-a"$/,
    ],
    [
      'cluster blacklist without whitelist still denies',
      { clusterResourceBlacklist: [{ group: 'x', kind: 'Y' }] },
      namespace,
      /not permitted/,
    ],
    [
      'namespaced, blacklisted',
      { namespaceResourceBlacklist: [{ group: '', kind: 'ConfigMap' }] },
      configMap,
      /^namespaced resource ConfigMap is denied by namespaceResourceBlacklist entry "ConfigMap"/,
    ],
    [
      'namespaced, blacklist of another kind',
      { namespaceResourceBlacklist: [{ group: '', kind: 'Secret' }] },
      configMap,
      true,
    ],
    [
      'namespaced, whitelisted',
      { namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }] },
      deployment,
      true,
    ],
    [
      'namespaced, whitelist without it',
      { namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }] },
      configMap,
      /^namespaced resource ConfigMap is not permitted in project "team-a" \(namespaceResourceWhitelist: apps\/\*\)$/,
    ],
    [
      'namespaced, empty whitelist denies all (Argo CD)',
      { namespaceResourceWhitelist: [] },
      deployment,
      /namespaceResourceWhitelist: none/,
    ],
    [
      'namespaced, whitelist and blacklist',
      { namespaceResourceWhitelist: all, namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deploy*' }] },
      deployment,
      /denied by namespaceResourceBlacklist/,
    ],
    ['cluster lists do not apply to namespaced', { clusterResourceBlacklist: all }, deployment, true],
    [
      'group glob',
      { clusterResourceWhitelist: [{ group: '*.k8s.io', kind: 'Cluster*' }] },
      clusterRole,
      true,
    ],
  ];
  for (const [name, spec, res, want] of cases) {
    const r = checkResourceAllowed(project(spec), res);
    if (want === true) assert.deepEqual(r, { allowed: true }, name);
    else {
      assert.equal(r.allowed, false, name);
      if (!r.allowed) assert.match(r.reason, want, name);
    }
  }
});
