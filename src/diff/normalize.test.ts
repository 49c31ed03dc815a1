import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KubeObject } from '../model/index.js';
import { normalizeObject } from './normalize.js';

const base = (extra: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x' },
  ...extra,
});

test('drops status, server metadata and last-applied', () => {
  const n = normalizeObject(
    base({
      metadata: {
        name: 'x',
        uid: 'u',
        resourceVersion: '1',
        generation: 3,
        creationTimestamp: 't',
        managedFields: [{}],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
      },
      status: { phase: 'x' },
    }),
  );
  assert.deepEqual(n, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', annotations: { keep: 'me' } },
  });
});

test('empty maps, lists and nulls are absent; list items keep their place', () => {
  const n = normalizeObject(base({ data: {}, spec: { a: null, b: [], c: { d: {} }, e: [{}, 1] } }));
  assert.deepEqual(n, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, spec: { e: [{}, 1] } });
});

test('folds Secret stringData into data as base64 (stringData wins)', () => {
  const n = normalizeObject({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { a: 'b2xk', b: 'Yg==' },
    stringData: { a: 'new' },
  });
  assert.deepEqual(n.data, { a: Buffer.from('new').toString('base64'), b: 'Yg==' });
  assert.equal(n.stringData, undefined);
});

test('quantities canonical, int-or-string ports numeric', () => {
  const n = normalizeObject(
    base({
      spec: {
        resources: { limits: { cpu: '0.1', memory: '1024Mi' } },
        ports: [{ targetPort: '8080', name: 'http' }],
        image: '0.1',
      },
    }),
  );
  assert.deepEqual(n.spec, {
    resources: { limits: { cpu: '100m', memory: '1Gi' } },
    ports: [{ targetPort: 8080, name: 'http' }],
    image: '0.1',
  });
});

test('ownerReferences dropped only when asked', () => {
  const o = base({ metadata: { name: 'x', ownerReferences: [{ kind: 'A' }] } });
  assert.ok(normalizeObject(o).metadata.ownerReferences);
  assert.equal(normalizeObject(o, { dropOwnerReferences: true }).metadata.ownerReferences, undefined);
});

test('never mutates its input, and is idempotent', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.jsonValue(), (spec, status) => {
      const input = base({ spec, status, metadata: { name: 'x', uid: 'u', labels: { a: '' } } });
      const before = JSON.stringify(input);
      const once = normalizeObject(input);
      assert.equal(JSON.stringify(input), before);
      assert.deepEqual(normalizeObject(once), once);
    }),
  );
});
