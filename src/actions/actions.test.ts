// Built-in actions and Argo CD's Lua actions, on plain objects: discovery, parameters, results, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { listActions, RESTARTED_AT, runAction } from './index.js';

const now = new Date('2026-11-30T01:02:03.456Z');
const deployment = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', uid: 'u1' },
  spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } } }, ...spec },
});
const names = (r: ReturnType<typeof listActions>) =>
  r.ok ? r.actions.map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`) : [r.error];
const changed = (r: ReturnType<typeof runAction>) => {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.changes;
};

test('a Deployment offers restart, pause, resume (disabled unless paused) and scale; a ConfigMap none', () => {
  assert.deepEqual(names(listActions(deployment(), undefined)), [
    'restart',
    'pause',
    'resume (disabled)',
    'scale',
  ]);
  assert.deepEqual(names(listActions(deployment({ paused: true }), undefined)), [
    'restart',
    'pause (disabled)',
    'resume',
    'scale',
  ]);
  assert.deepEqual(
    names(listActions({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, undefined)),
    [],
  );
});

test('restart stamps the pod template; scale needs a whole number; a disabled action refuses', () => {
  const [c] = changed(runAction(deployment(), 'restart', {}, undefined, now));
  assert.equal(c?.operation, 'patch');
  const spec = c?.resource.spec as {
    template: { metadata: { annotations: Record<string, string>; labels: object } };
  };
  assert.equal(spec.template.metadata.annotations[RESTARTED_AT], '2026-11-30T01:02:03Z');
  assert.deepEqual(spec.template.metadata.labels, { app: 'web' });
  assert.equal(
    (
      changed(runAction(deployment(), 'scale', { replicas: '4' }, undefined, now))[0]?.resource.spec as {
        replicas: number;
      }
    ).replicas,
    4,
  );
  const bad = runAction(deployment(), 'scale', { replicas: '-1' }, undefined, now);
  assert.ok(!bad.ok && /whole number/.test(bad.error));
  const disabled = runAction(deployment(), 'resume', {}, undefined, now);
  assert.ok(!disabled.ok && /disabled/.test(disabled.error));
  const unknown = runAction(deployment(), 'explode', {}, undefined, now);
  assert.ok(!unknown.ok && /available: restart, pause, resume, scale/.test(unknown.error));
});

test('create-job makes a Job from the CronJob template, owned by it and marked manual', () => {
  const cron: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'ns', uid: 'c1' },
    spec: {
      schedule: '0 0 * * *',
      jobTemplate: {
        metadata: { labels: { a: 'b' } },
        spec: { template: { spec: { restartPolicy: 'Never' } } },
      },
    },
  };
  assert.deepEqual(names(listActions(cron, undefined)), ['suspend', 'resume (disabled)', 'create-job']);
  const [c] = changed(runAction(cron, 'create-job', {}, undefined, now));
  assert.equal(c?.operation, 'create');
  assert.equal(c?.resource.kind, 'Job');
  assert.equal(c?.resource.metadata.namespace, 'ns');
  assert.deepEqual(c?.resource.metadata.labels, { a: 'b' });
  assert.equal(c?.resource.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.equal(c?.resource.metadata.ownerReferences?.[0]?.uid, 'c1');
  assert.deepEqual(c?.resource.spec, { template: { spec: { restartPolicy: 'Never' } } });
});

const luaConfig = (extra = '') => ({
  'resource.customizations.actions.apps_Deployment': `${extra}discovery.lua: |
  actions = {}
  actions["annotate"] = {["displayName"] = "Annotate", ["params"] = {{["name"] = "note"}}}
  actions["fork"] = {["disabled"] = obj.spec.replicas > 5}
  return actions
definitions:
- name: annotate
  action.lua: |
    obj.metadata.annotations = {note = actionParams["note"]}
    return obj
- name: fork
  action.lua: |
    local copy = {apiVersion = "v1", kind = "ConfigMap", metadata = {name = obj.metadata.name .. "-fork"}, data = {list = "a"}}
    return {{operation = "create", resource = copy}, {operation = "patch", resource = obj}}
`,
});

test('Lua actions replace the built-ins of their kind, unless mergeBuiltinActions', () => {
  assert.deepEqual(names(listActions(deployment(), luaConfig())), ['annotate', 'fork']);
  assert.deepEqual(names(listActions(deployment({ replicas: 9 }), luaConfig())), [
    'annotate',
    'fork (disabled)',
  ]);
  const merged = listActions(deployment(), luaConfig('mergeBuiltinActions: true\n'));
  assert.deepEqual(names(merged), ['annotate', 'fork', 'restart', 'pause', 'resume (disabled)', 'scale']);
  assert.ok(merged.ok);
  assert.deepEqual(merged.actions[0], {
    name: 'annotate',
    disabled: false,
    displayName: 'Annotate',
    params: [{ name: 'note' }],
  });
});

test('a Lua action gets actionParams, and may return operations (create, patch)', () => {
  const [a] = changed(runAction(deployment(), 'annotate', { note: 'hi' }, luaConfig(), now));
  assert.deepEqual(a?.resource.metadata.annotations, { note: 'hi' });
  const ops = changed(runAction(deployment(), 'fork', {}, luaConfig(), now));
  assert.deepEqual(
    ops.map((o) => `${o.operation} ${o.resource.kind} ${o.resource.metadata.name}`),
    ['create ConfigMap web-fork', 'patch Deployment web'],
  );
  assert.deepEqual((ops[0]?.resource as { data?: unknown }).data, { list: 'a' });
});

test('broken Lua is an error naming the script, never a thrown exception', () => {
  const broken = { 'resource.customizations.actions.apps_Deployment': 'discovery.lua: "return {"\n' };
  const listed = listActions(deployment(), broken);
  assert.ok(!listed.ok && /discovery\.lua/.test(listed.error), JSON.stringify(listed));
  const badReturn = {
    'resource.customizations.actions.apps_Deployment':
      'discovery.lua: |\n  return {x = {}}\ndefinitions:\n- name: x\n  action.lua: return 42\n',
  };
  const r = runAction(deployment(), 'x', {}, badReturn, now);
  assert.ok(!r.ok && /must return the changed object/.test(r.error), JSON.stringify(r));
});
