// Tests of how apps, resources and history render as table rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Application } from '../../model/index.js';
import { parseFields, selectFields, subFields } from '../../server/json-fields.js';
import {
  APP_FIELDS,
  APP_WIDE_FIELDS,
  appRow,
  appSummary,
  historyRow,
  previousHistoryId,
  resourceRow,
  syncPolicyLabel,
} from './app-view.js';

const sha = 'a'.repeat(40);
const app: Application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'guestbook' },
  spec: {
    project: 'default',
    source: { repoURL: 'file:///repo', path: 'guestbook', targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'gb' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
  status: {
    sync: { status: 'Synced', revision: sha },
    health: { status: 'Healthy' },
    conditions: [{ type: 'SyncError', message: 'boom' }],
  },
};

test('the default row, and the wide row with source and policy', () => {
  assert.deepEqual(appRow(app, false), [
    'guestbook',
    'default',
    'Synced',
    'Healthy',
    'aaaaaaa',
    'https://kubernetes.default.svc/gb',
  ]);
  assert.deepEqual(appRow(app, true).slice(6), [
    'file:///repo',
    'guestbook',
    'HEAD',
    'Auto-Prune-SelfHeal',
    'SyncError',
  ]);
});

test('`app list` asks only for what its rows show: the same rows from those fields as from the whole app', () => {
  const whole: Application = {
    ...app,
    metadata: { ...app.metadata, labels: { team: 'web' }, annotations: { note: 'x'.repeat(500) } },
    status: {
      ...app.status,
      resources: [
        { group: '', version: 'v1', kind: 'Service', namespace: 'gb', name: 'gb', status: 'Synced' },
      ],
      history: [{ id: 1, revision: sha, deployedAt: '2026-11-30T00:00:00Z', source: app.spec.source! }],
    },
  } as Application;
  for (const [fields, wide] of [
    [APP_FIELDS, false],
    [APP_WIDE_FIELDS, true],
  ] as const) {
    const items = subFields(parseFields(fields), 'items');
    assert.ok(items && items !== true);
    const listed = selectFields(whole, items) as Application;
    assert.deepEqual(appRow(listed, wide), appRow(whole, wide));
    assert.equal(listed.status?.resources, undefined);
    assert.ok(JSON.stringify(listed).length < JSON.stringify(whole).length / 2);
  }
});

test('an app without status shows Unknown, a manual policy shows Manual', () => {
  const bare: Application = { ...app, spec: { ...app.spec, syncPolicy: {} } };
  delete bare.status;
  assert.deepEqual(appRow(bare, false).slice(2, 5), ['Unknown', 'Unknown', '']);
  assert.equal(syncPolicyLabel(bare), 'Manual');
});

test('the summary names sync with the short revision and lists conditions', () => {
  const s = new Map(appSummary(app));
  assert.equal(s.get('Sync Status'), 'Synced to aaaaaaa');
  assert.equal(s.get('SyncError'), 'boom');
});

test('resource and history rows', () => {
  const r = {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    namespace: 'gb',
    name: 'ui',
    status: 'OutOfSync' as const,
    health: { status: 'Progressing' as const },
  };
  assert.deepEqual(resourceRow(r, false), ['apps', 'Deployment', 'gb', 'ui', 'OutOfSync', 'Progressing']);
  assert.deepEqual(
    historyRow({
      id: 2,
      revision: sha,
      deployedAt: '2024-01-01T00:00:00Z',
      source: { repoURL: 'r', path: 'p' },
    }),
    ['2', '2024-01-01T00:00:00Z', sha, 'r p'],
  );
});

test('rollback without ID goes to the entry before the latest', () => {
  const h = (id: number) => ({ id, revision: String(id), deployedAt: '' });
  assert.equal(previousHistoryId([h(0), h(1), h(2)]), 1);
  assert.equal(previousHistoryId([h(3), h(1)]), 1);
  assert.equal(previousHistoryId([h(0)]), undefined);
});

test('app get --source-position shows that source and its revision', () => {
  const app: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'multi' },
    spec: {
      project: 'default',
      sources: [
        { repoURL: 'oci://charts', chart: 'web', targetRevision: '1.0.0' },
        { repoURL: 'file:///values', path: 'envs', targetRevision: 'main', ref: 'values' },
      ],
      destination: { server: 's', namespace: 'n' },
    },
    status: { sync: { status: 'Synced', revisions: ['1.0.0', 'abcdef0123456789abcdef0123456789abcdef01'] } },
  } as Application;
  const s = new Map(appSummary(app, 1));
  assert.equal(s.get('Repo'), 'file:///values');
  assert.equal(s.get('Path'), 'envs');
  assert.equal(s.get('Sync Status'), 'Synced to abcdef0');
});
