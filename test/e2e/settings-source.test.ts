// One settings source for the whole product: argocd-cmd-params-cm and argocd-cm set before `driftless
// server` starts shape its configuration, and a later argocd-cm edit reaches the API without a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectlOk } from './support/kubectl.js';

const NS = `settings-e2e-${randomSuffix()}`;
let api: RunningApi;

before(async () => {
  await kubectlOk(['create', 'namespace', NS]);
  await applyConfigMap(NS, 'argocd-cmd-params-cm', {
    'controller.status.processors': '3',
    'controller.operation.processors': '4',
  });
  await applyConfigMap(NS, 'argocd-cm', {
    'controller.diff.server.side': 'false',
    'accounts.carol': 'login',
  });
  api = await startApi({ namespace: NS });
  await api.admin.login('admin', api.adminPassword);
});
after(async () => {
  await api.stop();
});

test('start-up parameters come from argocd-cmd-params-cm and argocd-cm in the cluster', () => {
  const { config } = api.running.server;
  assert.equal(config.statusProcessors, 3, 'controller.status.processors from argocd-cmd-params-cm');
  assert.equal(config.operationProcessors, 4, 'controller.operation.processors from argocd-cmd-params-cm');
  assert.equal(config.serverSideDiff, false, 'controller.diff.server.side from argocd-cm');
});

test('the API reads accounts from the same argocd-cm, and sees an edit without a restart', async () => {
  const names = async () => (await api.admin.listAccounts()).items.map((a) => a.name).sort();
  assert.deepEqual(await names(), ['admin', 'carol']);
  await applyConfigMap(NS, 'argocd-cm', {
    'controller.diff.server.side': 'false',
    'accounts.carol': 'login',
    'accounts.dave': 'apiKey',
  });
  await waitFor(async () => (await names()).includes('dave'), {
    what: 'account dave listed by the API',
    timeoutMs: 30_000,
  });
});
