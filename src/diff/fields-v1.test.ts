import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownedFields, parseFieldKey } from './fields-v1.js';
import { formatPath } from './path.js';

test('parses field keys', () => {
  assert.deepEqual(parseFieldKey('f:replicas'), { t: 'f', name: 'replicas' });
  assert.deepEqual(parseFieldKey('k:{"containerPort":80,"protocol":"TCP"}'), {
    t: 'k',
    key: { containerPort: 80, protocol: 'TCP' },
  });
  assert.deepEqual(parseFieldKey('v:"finalizer.example.com"'), { t: 'v', value: 'finalizer.example.com' });
  assert.deepEqual(parseFieldKey('i:2'), { t: 'i', index: 2 });
  assert.equal(parseFieldKey('k:{broken'), undefined);
  assert.equal(parseFieldKey('x:y'), undefined);
});

test('lists owned leaves and items of the chosen managers only', () => {
  const managedFields = [
    {
      manager: 'driftless',
      operation: 'Apply',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} }, 'f:finalizers': { 'v:"x"': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
        },
      },
    },
    { manager: 'driftless', subresource: 'status', fieldsV1: { 'f:status': { 'f:x': {} } } },
    { manager: 'kube-controller-manager', fieldsV1: { 'f:spec': { 'f:other': {} } } },
  ];
  const owned = ownedFields(managedFields, new Set(['driftless']));
  assert.deepEqual(
    owned.map((o) => `${o.item ? 'item ' : ''}${formatPath(o.path)}`),
    [
      'metadata.labels.app',
      'item metadata.finalizers[="x"]',
      'spec.replicas',
      'item spec.containers[name=app]',
      'spec.containers[name=app].image',
      'spec.containers[name=app].name',
    ],
  );
  assert.deepEqual(ownedFields(undefined, new Set(['driftless'])), []);
  assert.deepEqual(ownedFields([null, 'x', { manager: 3 }], new Set(['driftless'])), []);
});
