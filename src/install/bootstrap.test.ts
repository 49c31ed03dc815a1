import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapPlan } from './bootstrap.js';

const plan = bootstrapPlan({
  repoURL: 'https://git.example/fleet.git',
  path: 'clusters/hub',
  revision: 'main',
  namespace: 'cd',
  appName: 'driftless',
  prune: false,
  version: '1.2.3',
});

test('bootstrap places every namespaced install object in the namespace asked for, the namespace first', () => {
  assert.deepEqual(plan.objects[0], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cd' } });
  for (const o of plan.objects.slice(1)) {
    const clusterWide = o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding';
    assert.equal(o.metadata.namespace, clusterWide ? undefined : 'cd', `${o.kind} ${o.metadata.name ?? ''}`);
  }
  const binding = plan.objects.find((o) => o.kind === 'ClusterRoleBinding') as unknown as {
    subjects: { namespace: string }[];
  };
  assert.ok(binding.subjects.every((x) => x.namespace === 'cd'));
  assert.ok(plan.crds.length >= 3);
});

test('the root Application follows the path with self-heal, prunes only when asked, and has no finalizer', () => {
  const app = plan.rootApp;
  assert.deepEqual(app.spec.source, {
    repoURL: 'https://git.example/fleet.git',
    path: 'clusters/hub',
    targetRevision: 'main',
  });
  assert.deepEqual(app.spec.destination, { server: 'https://kubernetes.default.svc', namespace: 'cd' });
  assert.deepEqual(app.spec.syncPolicy?.automated, { prune: false, selfHeal: true });
  assert.equal(app.metadata.finalizers, undefined);
});
