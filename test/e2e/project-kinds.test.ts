// AppProject kind rules through the shipped server: a project that forbids a kind makes its sync fail
// (automated: the operation fails naming kind and project; manual: the API refuses) with nothing applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Application, AppProject } from '../../src/model/index.js';
import type { ApiClientError } from '../../src/server/api-client.js';
import { appBody, startApi, type RunningApi } from './api-support.js';
import { randomSuffix } from './support/cluster.js';
import { exists, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';
import { operationDone } from './support/suite.js';

const NS = `kinds-e2e-${randomSuffix()}`;
const run = randomSuffix(4);
const dest = `kinds-dest-${randomSuffix()}`;
const PROJECT = `no-secrets-${run}`;
const repo = new TestRepo();
let api: RunningApi;

before(async () => {
  repo.write({
    'app/configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n`,
    'app/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  p: q\n`,
  });
  repo.commit('a ConfigMap and a Secret');
  api = await startApi({ namespace: NS });
  await api.admin.login('admin', api.adminPassword);
  await api.admin.createProject({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: PROJECT, namespace: NS },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceBlacklist: [{ group: '', kind: 'Secret' }],
    },
  } as AppProject);
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
});

test('a forbidden kind: the sync fails naming the kind and the project; nothing is applied', async () => {
  const name = `kinds-${run}`;
  const body = appBody(name, repo.url, 'app', dest) as Application;
  body.spec.project = PROJECT;
  body.spec.syncPolicy = { automated: {}, retry: { limit: 0 }, syncOptions: ['CreateNamespace=true'] };
  await api.admin.createApplication(body);
  const failed = await waitForApp(NS, name, 'the automated sync failed', (a) => operationDone(a), 120_000);
  const op = failed.status?.operationState;
  assert.equal(op?.phase, 'Failed');
  assert.match(op?.message ?? '', /Secret/);
  assert.match(op?.message ?? '', new RegExp(`project "${PROJECT}"`));
  assert.equal(
    await exists(['-n', dest, 'configmap', 'settings']),
    false,
    'the permitted ConfigMap was not applied',
  );
  assert.equal(await exists(['-n', dest, 'secret', 'creds']), false);

  // A manual sync through the API is refused outright, with the same reason.
  await assert.rejects(api.admin.syncApplication(name), (e: ApiClientError) => {
    assert.equal(e.status, 403);
    assert.match(e.message, /Secret is (not permitted|denied)/);
    assert.match(e.message, new RegExp(PROJECT));
    return true;
  });
});
