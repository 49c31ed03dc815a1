import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, KubeObject } from '../model/index.js';
import { DEFAULT_DIFF_SETTINGS } from '../diff/diff-settings.js';
import { compareWithPrediction, fallbackCondition, serverSideDiffEnabled } from './compare-object.js';
import { resourceUpdateIgnored } from './resource-updates.js';

const app = (annotations: Record<string, string> = {}): Application =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'a', annotations },
    spec: { project: 'default', destination: {} },
  }) as Application;

test('ServerSideDiff compare option on the Application wins over the controller setting', () => {
  assert.equal(serverSideDiffEnabled(app(), true), true);
  assert.equal(serverSideDiffEnabled(app(), false), false);
  const key = 'argocd.argoproj.io/compare-options';
  assert.equal(serverSideDiffEnabled(app({ [key]: 'ServerSideDiff=true' }), false), true);
  assert.equal(serverSideDiffEnabled(app({ [key]: 'IgnoreExtraneous,ServerSideDiff=false' }), true), false);
});

const cm = (data: Record<string, string>, status?: unknown): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'n',
    annotations: { 'argocd.argoproj.io/tracking-id': 'a:/ConfigMap:n/c' },
  },
  data,
  ...(status === undefined ? {} : { status }),
});

test('an unchanged prediction settles the comparison; a predicted object is compared both ways', () => {
  const desired = cm({ a: '1' });
  const live = cm({ a: '1', b: 'other manager' });
  assert.deepEqual(compareWithPrediction({ desired, live }, { kind: 'unchanged' }, DEFAULT_DIFF_SETTINGS), {
    modified: false,
  });
  const r = compareWithPrediction(
    { desired, live },
    { kind: 'predicted', predicted: cm({ a: '1' }) },
    DEFAULT_DIFF_SETTINGS,
  );
  assert.equal(r.modified, true, 'the prediction drops b (we own all of data here): drift');
});

test('fallbackCondition names the objects compared without a dry run', () => {
  assert.equal(fallbackCondition(new Map([['/ConfigMap/n/c', { kind: 'unchanged' }]])), undefined);
  const c = fallbackCondition(
    new Map([
      [
        'example.com/Widget/n/w',
        { kind: 'fallback', reason: 'the cluster does not serve example.com/Widget' },
      ],
    ]),
  );
  assert.equal(c?.type, 'ServerSideDiffWarning');
  assert.match(c?.message ?? '', /Widget.*w.*the cluster does not serve example\.com\/Widget/);
});

test('resource updates: only ignored fields and the same health skip the refresh', () => {
  const health = (o: KubeObject) =>
    ({ status: (o.status as { h?: 'Healthy' } | undefined)?.h ?? 'Healthy' }) as const;
  const s = {
    ...DEFAULT_DIFF_SETTINGS,
    ignoreResourceUpdates: [{ group: '', kind: 'ConfigMap', jsonPointers: ['/status/tick'] }],
  };
  const old = { ...cm({ a: '1' }, { tick: 1 }), metadata: { ...cm({}).metadata, resourceVersion: '1' } };
  const tick = { ...cm({ a: '1' }, { tick: 2 }), metadata: { ...cm({}).metadata, resourceVersion: '2' } };
  assert.equal(resourceUpdateIgnored(s, old, tick, health), true);
  assert.equal(
    resourceUpdateIgnored({ ...s, ignoreResourceUpdatesEnabled: false }, old, tick, health),
    false,
  );
  assert.equal(resourceUpdateIgnored(s, old, { ...tick, data: { a: '2' } }, health), false);
  assert.equal(resourceUpdateIgnored(DEFAULT_DIFF_SETTINGS, old, tick, health), false);
  const sys = {
    ...DEFAULT_DIFF_SETTINGS,
    ignoreDifferences: [{ group: '', kind: 'ConfigMap', jsonPointers: ['/data/a'] }],
  };
  assert.equal(resourceUpdateIgnored(sys, old, { ...old, data: { a: '9' } }, health), true);
  assert.equal(
    resourceUpdateIgnored(
      { ...sys, ignoreDifferencesOnResourceUpdates: false },
      old,
      { ...old, data: { a: '9' } },
      health,
    ),
    false,
  );
});
