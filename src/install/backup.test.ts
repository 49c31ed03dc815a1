import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../model/index.js';
import { BACKUP_KINDS, cleanForBackup, inBackup, planImport } from './backup.js';

const app = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name,
    namespace: 'argocd',
    uid: 'u1',
    resourceVersion: '7',
    finalizers: ['resources-finalizer.argocd.argoproj.io'],
  },
  spec: { project: 'default', source: { repoURL: 'https://git.example/r.git', path: name } },
  ...extra,
});
const project = (name: string): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name, namespace: 'argocd' },
  spec: { sourceRepos: ['*'] },
});

test('a backup keeps content, labels, annotations and finalizers, not status, operation or server fields', () => {
  const live = app('web', {
    status: { sync: { status: 'Synced' } },
    operation: { sync: {} },
  });
  live.metadata.managedFields = [{ manager: 'kubectl' }];
  live.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
  live.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'gone' }];
  live.metadata.annotations = {
    'kubectl.kubernetes.io/last-applied-configuration': '{}',
    'notifications.argoproj.io/subscribe.on-sync-succeeded.slack': 'team',
  };
  assert.deepEqual(cleanForBackup(live), {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'web',
      namespace: 'argocd',
      annotations: { 'notifications.argoproj.io/subscribe.on-sync-succeeded.slack': 'team' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: { project: 'default', source: { repoURL: 'https://git.example/r.git', path: 'web' } },
  });
});

test('import creates what is missing, updates what differs, leaves equal objects alone; projects before apps', () => {
  const changed = app('api');
  (changed.spec as { project: string }).project = 'team';
  const steps = planImport([app('web'), changed, project('team')], [app('web'), app('api')], 'argocd', false);
  assert.deepEqual(
    steps.map((s) => [s.action, s.object.kind, s.object.metadata.name]),
    [
      ['create', 'AppProject', 'team'],
      ['unchanged', 'Application', 'web'],
      ['update', 'Application', 'api'],
    ],
  );
});

test('a backup restores into the namespace asked for; --prune deletes only what the backup lacks, apps first', () => {
  const old = { ...app('old'), metadata: { ...app('old').metadata, namespace: 'cd' } };
  const oldProject = { ...project('gone'), metadata: { name: 'gone', namespace: 'cd' } };
  const steps = planImport([app('web')], [old, oldProject], 'cd', true);
  assert.deepEqual(
    steps.map((s) => [s.action, s.object.kind, s.object.metadata.name, s.object.metadata.namespace]),
    [
      ['create', 'Application', 'web', 'cd'],
      ['prune', 'Application', 'old', 'cd'],
      ['prune', 'AppProject', 'gone', 'cd'],
    ],
  );
  assert.equal(planImport([app('web')], [old], 'cd', false).filter((s) => s.action === 'prune').length, 0);
});

test('settings objects are backed up by name only; labelled Secrets by their label', () => {
  const cm = BACKUP_KINDS.find((k) => k.kind === 'ConfigMap');
  assert.ok(cm);
  const named = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  assert.equal(inBackup(cm, named('argocd-cm')), true);
  assert.equal(inBackup(cm, named('kube-root-ca.crt')), false);
  assert.ok(
    BACKUP_KINDS.some((k) => k.kind === 'Secret' && k.labelSelector === 'argocd.argoproj.io/secret-type'),
  );
});
