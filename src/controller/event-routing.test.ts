import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DIFF_SETTINGS } from '../diff/diff-settings.js';
import type { Application, KubeObject } from '../model/index.js';
import { EventRouter, isRepoSetting, specChanged } from './event-routing.js';
import { PredictionCache } from './prediction-cache.js';

const NS = 'argocd';

function app(name: string, extra: { project?: string; server?: string } = {}, meta = {}): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: NS, generation: 1, ...meta },
    spec: {
      project: extra.project ?? 'default',
      source: { repoURL: 'https://example.test/r.git' },
      destination: { server: extra.server ?? 'https://in', namespace: 'x' },
    },
  } as Application;
}

function rig(apps: Application[]) {
  const calls: string[] = [];
  const router = new EventRouter({
    namespace: NS,
    apps: () => apps,
    diffSettings: () => DEFAULT_DIFF_SETTINGS,
    assessHealth: () => ({ status: 'Healthy' }),
    refresh: (n) => calls.push(`refresh ${n}`),
    refreshOnChange: (n) => calls.push(`change ${n}`),
    terminate: (n) => calls.push(`terminate ${n}`),
    clustersChanged: () => calls.push('clusters'),
    serverOf: (a) => a.spec.destination.server,
  });
  const hub = { predictions: new PredictionCache() };
  return { router, calls, hub };
}

const tracked = (app: string, rv: string, spec: unknown): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'x',
    uid: 'u1',
    resourceVersion: rv,
    annotations: { 'argocd.argoproj.io/tracking-id': `${app}:apps/Deployment:x/web` },
  },
  spec,
});

test("an Application's own status write queues nothing; a spec, annotation or operation change does", () => {
  const { router, calls, hub } = rig([]);
  const a = app('a');
  router.onChange(hub, 'modified', { ...a, status: { sync: { status: 'Synced' } } } as KubeObject, a);
  assert.deepEqual(calls, []);
  router.onChange(hub, 'added', a, undefined);
  const b = app('a', {}, { generation: 2 });
  router.onChange(hub, 'modified', b, a);
  const c = app('a', {}, { annotations: { 'argocd.argoproj.io/refresh': 'hard' } });
  router.onChange(hub, 'modified', c, a);
  router.onChange(hub, 'modified', { ...a, operation: { sync: {} } } as KubeObject, a);
  assert.deepEqual(calls, ['change a', 'change a', 'change a', 'change a']);
});

test('a Terminating operation is aborted; another namespace is not ours', () => {
  const { router, calls, hub } = rig([]);
  const a = app('a');
  const terminating = { ...a, status: { operationState: { phase: 'Terminating' } } } as KubeObject;
  router.onChange(hub, 'modified', terminating, a);
  assert.deepEqual(calls, ['terminate a']);
  const other = { ...a, metadata: { ...a.metadata, namespace: 'elsewhere' } } as KubeObject;
  router.onChange(hub, 'added', other, undefined);
  assert.deepEqual(calls, ['terminate a']);
});

test('cluster Secrets, repository settings and projects queue the apps they concern', () => {
  const apps = [app('a', { project: 'p1' }), app('b', { server: 'https://remote' })];
  const { router, calls, hub } = rig(apps);
  const secret = (type: string, name = 's'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS, labels: { 'argocd.argoproj.io/secret-type': type } },
  });
  router.onChange(hub, 'added', secret('cluster'), undefined);
  assert.deepEqual(calls.splice(0), ['clusters', 'refresh a', 'refresh b']);
  router.onChange(hub, 'modified', secret('repo-creds'), secret('repo-creds'));
  assert.deepEqual(calls.splice(0), ['refresh a', 'refresh b']);
  const project = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'p1', namespace: NS },
  };
  router.onChange(hub, 'modified', project, project);
  assert.deepEqual(calls.splice(0), ['refresh a']);
  router.onClusterStateChange('https://remote');
  assert.deepEqual(calls.splice(0), ['refresh b']);
});

test('a tracked object queues its app unless only ignored fields changed; a status change carries its prediction', () => {
  const { router, calls, hub } = rig([]);
  const v1 = tracked('a', '1', { replicas: 1 });
  const v2 = { ...tracked('a', '2', { replicas: 1 }), status: { ready: 1 } };
  hub.predictions.set('u1', '1', 'h', { kind: 'unchanged' });
  router.onChange(hub, 'modified', v2, v1);
  assert.deepEqual(calls.splice(0), ['change a', 'change a']);
  assert.deepEqual(
    hub.predictions.get('u1', '2', 'h'),
    { kind: 'unchanged' },
    'no dry run for a status change',
  );
  const v3 = { ...v2, metadata: { ...v2.metadata, resourceVersion: '3', managedFields: [{ manager: 'm' }] } };
  router.onChange(hub, 'modified', v3, v2);
  assert.deepEqual(calls, [], 'only fields the server rewrites changed, health unchanged');
  router.onChange(hub, 'modified', tracked('b', '4', { replicas: 2 }), v3);
  assert.deepEqual(calls.splice(0), ['change b', 'change a'], 'moved between apps: both compare again');
  router.onResourceChange(hub, 'deleted', tracked('b', '4', { replicas: 2 }), undefined);
  assert.equal(hub.predictions.stats().entries, 0, 'a deleted object loses its prediction');
});

test('repository settings and spec changes are recognised on plain objects', () => {
  const cm = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NS },
  });
  assert.equal(isRepoSetting(cm('argocd-ssh-known-hosts-cm'), NS), true);
  assert.equal(isRepoSetting(cm('argocd-cm'), NS), false);
  assert.equal(
    isRepoSetting(
      { ...cm('argocd-tls-certs-cm'), metadata: { name: 'argocd-tls-certs-cm', namespace: 'o' } },
      NS,
    ),
    false,
  );
  const a = app('a');
  assert.equal(specChanged(a, { ...a, status: { health: { status: 'Healthy' } } } as Application), false);
  assert.equal(
    specChanged(a, app('a', {}, { finalizers: ['resources-finalizer.argocd.argoproj.io'] })),
    true,
  );
  assert.equal(specChanged(a, app('a', {}, { deletionTimestamp: '2026-01-01T00:00:00Z' })), true);
  const hard = app('a', {}, { annotations: { 'argocd.argoproj.io/refresh': 'hard', team: 'x' } });
  assert.equal(specChanged(a, hard), true, 'a refresh asked');
  assert.equal(specChanged(hard, app('a', {}, { annotations: { team: 'x' } })), false, 'its removal alone');
  assert.equal(
    specChanged(hard, app('a', {}, { annotations: { team: 'y' } })),
    true,
    'removed with another change',
  );
  assert.equal(
    specChanged(hard, {
      ...hard,
      metadata: { ...hard.metadata, annotations: { 'argocd.argoproj.io/refresh': 'normal', team: 'x' } },
    } as Application),
    true,
  );
});
