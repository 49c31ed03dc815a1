// The update scope of applications: spec, labels, annotations and finalizers only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Application } from '../model/index.js';
import { assertSpecOnly, changedOutsideSpec, withSpec } from './app-write-scope.js';

const live: Application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'a', namespace: 'argocd', resourceVersion: '5', generation: 2, labels: { x: '1' } },
  spec: { project: 'default', destination: {}, source: { repoURL: 'file:///r' } },
} as Application;

test('spec, labels, annotations, finalizers and server-kept metadata are in scope', () => {
  const next = structuredClone(live);
  next.spec.project = 'other';
  next.metadata.labels = { y: '2' };
  next.metadata.annotations = { z: '3' };
  next.metadata.finalizers = ['f'];
  next.metadata.generation = 3;
  next.metadata.resourceVersion = '6';
  assert.deepEqual(changedOutsideSpec(live, next), []);
});

test('operation, status and other metadata are refused with a hint to the sync route', () => {
  const next = structuredClone(live) as Application & { operation?: unknown };
  next.operation = { sync: {}, initiatedBy: { username: 'someone-else' } };
  next.metadata.namespace = 'kube-system';
  assert.deepEqual(changedOutsideSpec(live, next), ['operation', 'metadata.namespace']);
  assert.throws(
    () => assertSpecOnly(live, next),
    (e: Error & { status?: number; hint?: string }) => e.status === 400 && /sync/.test(e.hint ?? ''),
  );
});

test('withSpec keeps the live operation and identity', () => {
  const withOp = { ...structuredClone(live), operation: { sync: {} } } as Application;
  const req = { ...structuredClone(live), operation: { sync: { prune: true } } } as Application;
  req.spec.project = 'p2';
  const out = withSpec(withOp, req);
  assert.deepEqual(out.operation, { sync: {} });
  assert.equal(out.spec.project, 'p2');
  assert.equal(out.metadata.resourceVersion, '5');
});
