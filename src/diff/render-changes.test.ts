import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { renderChanges } from './render-changes.js';

const deploy = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns' },
  spec: { replicas, ...extra },
});
const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data: { a: '1' },
});
const secret = (v: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'ns' },
  data: { password: Buffer.from(v).toString('base64') },
});

test('added, changed field by field, and pruned objects between two renders', () => {
  const c = renderChanges([deploy(2), cm('old')], [deploy(3), cm('new')]);
  assert.deepEqual(
    c.added.map((k) => k.name),
    ['new'],
  );
  assert.deepEqual(
    c.pruned.map((k) => k.name),
    ['old'],
  );
  assert.equal(c.changed.length, 1);
  assert.deepEqual(c.changed[0]?.fields, [{ path: 'spec.replicas', from: 2, to: 3 }]);
  assert.match(c.changed[0]?.diff ?? '', /^- {2}replicas: 2$/m);
  assert.match(c.changed[0]?.diff ?? '', /^\+ {2}replicas: 3$/m);
});

test('a field removed in the head is a change (the comparison is symmetric); equal renders are no change', () => {
  const c = renderChanges([deploy(2, { paused: true })], [deploy(2)]);
  assert.deepEqual(c.changed[0]?.fields, [{ path: 'spec.paused', from: true, to: undefined }]);
  assert.deepEqual(renderChanges([deploy(2), cm('x')], [cm('x'), deploy(2)]), {
    added: [],
    changed: [],
    pruned: [],
  });
});

test('Secret values never appear, only that they changed', () => {
  const c = renderChanges([secret('hunter2')], [secret('correct horse')]);
  const text = JSON.stringify(c);
  assert.equal(c.changed.length, 1);
  for (const v of ['hunter2', 'correct horse', Buffer.from('hunter2').toString('base64')])
    assert.equal(text.includes(v), false, text);
});
