import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Application } from '../../model/index.js';
import { appInfoLabels, finishedOperation } from './app-metrics.js';

const app = (status: Application['status'] = {}): Application =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web', namespace: 'argocd' },
    spec: {
      project: 'team',
      source: { repoURL: 'https://git.example/web.git', path: 'app' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'web' },
      syncPolicy: { automated: {} },
    },
    status,
  }) as Application;

test('argocd_app_info carries the labels Argo CD gives it', () => {
  assert.deepEqual(
    appInfoLabels(app({ sync: { status: 'Synced' }, health: { status: 'Healthy' } } as never)),
    {
      name: 'web',
      namespace: 'argocd',
      project: 'team',
      repo: 'https://git.example/web.git',
      dest_server: 'https://kubernetes.default.svc',
      dest_namespace: 'web',
      sync_status: 'Synced',
      health_status: 'Healthy',
      operation: '',
      autosync_enabled: 'true',
    },
  );
  const bare = appInfoLabels({
    metadata: { name: 'x' },
    spec: { destination: { name: 'prod' } },
  } as Application);
  assert.equal(bare.project, 'default');
  assert.equal(bare.dest_server, 'prod');
  assert.equal(bare.sync_status, 'Unknown');
  assert.equal(bare.autosync_enabled, 'false');
});

test('a sync is counted once: when operationState.finishedAt first appears or changes', () => {
  const running = app({ operationState: { phase: 'Running', startedAt: '2026-01-01T00:00:00Z' } } as never);
  const done = app({
    operationState: {
      phase: 'Succeeded',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:03Z',
    },
  } as never);
  assert.deepEqual(finishedOperation('modified', done, running), {
    app: done,
    phase: 'Succeeded',
    seconds: 3,
  });
  assert.equal(finishedOperation('modified', done, done), undefined);
  assert.equal(finishedOperation('added', done, undefined), undefined);
  assert.equal(finishedOperation('modified', running, running), undefined);
});
