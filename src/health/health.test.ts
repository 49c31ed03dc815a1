import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HealthStatusCode } from '../model/index.js';
import { aggregateHealth, HEALTH_ORDER } from './aggregate.js';
import { assessHealth } from './assess.js';
import { kube } from './make-object.case.js';
import { BUILTIN_ASSESSORS, createHealthRegistry } from './registry.js';

test('aggregate picks the worst in Argo CD order', () => {
  assert.deepEqual(aggregateHealth([]), { status: 'Healthy' });
  assert.equal(aggregateHealth(['Healthy', 'Suspended']).status, 'Suspended');
  assert.equal(aggregateHealth(['Progressing', 'Suspended', 'Healthy']).status, 'Progressing');
  assert.equal(aggregateHealth(['Missing', 'Progressing']).status, 'Missing');
  assert.equal(aggregateHealth([{ status: 'Degraded', message: 'm' }, 'Missing']).message, 'm');
  assert.equal(aggregateHealth(['Degraded', 'Unknown']).status, 'Unknown');
  fc.assert(
    fc.property(fc.array(fc.constantFrom<HealthStatusCode>(...HEALTH_ORDER)), (codes) => {
      const worst = aggregateHealth(codes).status;
      assert.ok(codes.every((c) => HEALTH_ORDER.indexOf(c) <= HEALTH_ORDER.indexOf(worst)));
    }),
  );
});

test('assessHealth: missing, deleting, unknown kinds, overrides', () => {
  assert.equal(assessHealth(undefined).status, 'Missing');
  assert.equal(assessHealth(kube('v1', 'ConfigMap')).status, 'Healthy');
  assert.equal(
    assessHealth(kube('v1', 'Pod', { metadata: { deletionTimestamp: 't' }, status: { phase: 'Running' } }))
      .status,
    'Progressing',
  );
  assert.equal(
    assessHealth(kube('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } })).status,
    'Healthy',
  );

  const registry = createHealthRegistry({
    overrides: {
      'cert-manager.io/Certificate': { assess: () => ({ status: 'Degraded', message: 'custom' }) },
      'v1/x': { assess: () => ({ status: 'Healthy' }) },
      '/PersistentVolumeClaim': {
        assess: () => {
          throw new Error('script error');
        },
      },
      'example.com/*': { assess: () => ({ status: 'Suspended' }) },
    },
  });
  assert.deepEqual(assessHealth(kube('cert-manager.io/v1', 'Certificate'), registry), {
    status: 'Degraded',
    message: 'custom',
  });
  assert.equal(
    assessHealth(kube('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }), registry).status,
    'Unknown',
  );
  assert.equal(assessHealth(kube('example.com/v1', 'Anything'), registry).status, 'Suspended');
  assert.equal(
    assessHealth(kube('apps/v1', 'Deployment', { spec: { paused: true } }), registry).status,
    'Suspended',
  );
});

test('every built-in kind has one check: no group/kind is claimed twice', () => {
  const seen = new Map<string, number>();
  for (const a of BUILTIN_ASSESSORS)
    for (const k of a.kinds) seen.set(`${k.group}/${k.kind}`, (seen.get(`${k.group}/${k.kind}`) ?? 0) + 1);
  assert.deepEqual(
    [...seen].filter(([, n]) => n > 1),
    [],
  );
});
