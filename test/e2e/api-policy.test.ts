// The API's refusals against a real control plane: RBAC (readonly cannot sync), sync windows, webhook
// signatures; and a signed GitHub push that refreshes exactly the app following the pushed branch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { ApiClientError } from '../../src/server/api-client.js';
import { ApiClient } from '../../src/server/api-client.js';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { githubPush, sendGithubPush } from './support/webhook.js';
import {
  appBody,
  applyConfigMap,
  deploymentYaml,
  patchArgocdSecret,
  startApi,
  type RunningApi,
} from './api-support.js';

const NS = `api-policy-e2e-${randomSuffix()}`;
const app = `hooked-${randomSuffix()}`;
const other = `other-${randomSuffix()}`;
const dest = `api-policy-${randomSuffix()}`;
const WEBHOOK_SECRET = 'e2e-webhook-secret';
const repo = new TestRepo();
let api: RunningApi;

before(async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('hooked', 1) }).commit('one replica');
  repo.git('branch', 'release');
  // A long poll interval: whatever refreshes the app within the test came from the webhook.
  api = await startApi({ namespace: NS, pollIntervalMs: 600_000 });
  await api.admin.login('admin', api.adminPassword);
  await applyConfigMap(NS, 'argocd-cm', { 'accounts.alice': 'login' });
  await applyConfigMap(NS, 'argocd-rbac-cm', { 'policy.csv': 'g, alice, role:readonly' });
  await patchArgocdSecret(NS, { 'webhook.github.secret': WEBHOOK_SECRET });
  await api.admin.createApplication(appBody(app, repo.url, 'app', dest, 'main') as Application);
  await api.admin.createApplication(appBody(other, repo.url, 'app', dest, 'release') as Application);
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, other, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
});

test('a readonly user can read but a sync is 403 naming the permission', async () => {
  await waitFor(async () => (await api.admin.getAccount('alice').catch(() => undefined)) !== undefined, {
    what: 'account alice visible',
    timeoutMs: 20_000,
  });
  await api.admin.updatePassword(api.adminPassword, 'alice-password-1', 'alice');
  const alice = new ApiClient(api.url);
  await waitFor(() => alice.login('alice', 'alice-password-1').then(() => true), {
    what: 'alice can log in',
    timeoutMs: 20_000,
  });
  await waitFor(async () => (await alice.listApplications()).items.length === 2, {
    what: 'alice sees both apps',
    timeoutMs: 20_000,
  });
  assert.equal(await alice.canI('applications', 'sync', `default/${app}`), false);
  assert.equal(await alice.canI('applications', 'get', `default/${app}`), true);
  await assert.rejects(alice.syncApplication(app), (e: ApiClientError) => {
    assert.equal(e.status, 403);
    assert.match(e.message, new RegExp(`permission denied: applications, sync, default/${app}`));
    return true;
  });
});

const pushPayload = (branch: string, after: string) => githubPush(repo.url, branch, after);
const sendWebhook = (body: Buffer, signature: string | undefined) => sendGithubPush(api.url, body, signature);

test('a push with a bad or missing signature is 401 and refreshes nothing', async () => {
  const body = pushPayload('main', repo.head());
  const bad = await sendWebhook(body, `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`);
  assert.equal(bad.status, 401);
  assert.equal((await sendWebhook(body, undefined)).status, 401);
});

test('a signed GitHub push refreshes exactly the app following the pushed branch', async () => {
  const first = await waitFor(async () => (await api.admin.getApplication(app)).status?.sync?.revision, {
    what: 'first comparison',
    timeoutMs: 60_000,
  });
  assert.equal(first, repo.head());
  // The release app's own first comparison must be over too, or it would count as a refresh below.
  const otherBefore = await waitFor(
    async () => (await api.admin.getApplication(other)).status?.reconciledAt,
    {
      what: 'first comparison of the release app',
      timeoutMs: 60_000,
    },
  );
  const sha = repo.write({ 'app/deployment.yaml': deploymentYaml('hooked', 2) }).commit('two replicas');
  const body = pushPayload('main', sha);
  const res = await sendWebhook(
    body,
    `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`,
  );
  assert.equal(res.status, 200);
  // The reply names no application: a webhook caller learns nothing about what is deployed.
  assert.deepEqual(await res.json(), {});
  await waitFor(async () => (await api.admin.getApplication(app)).status?.sync?.revision === sha, {
    what: `app compared at ${sha.slice(0, 7)}`,
    timeoutMs: 30_000,
  });
  assert.equal(
    (await api.admin.getApplication(other)).status?.reconciledAt,
    otherBefore,
    'the release app was not refreshed',
  );
});

test('an active deny sync window refuses a manual sync and names the window', async () => {
  const project = await api.admin.getProject('default');
  project.spec.syncWindows = [
    { kind: 'deny', schedule: '* * * * *', duration: '1h', applications: [app], timeZone: 'UTC' },
  ];
  await api.admin.updateProject(project);
  await waitFor(async () => (await api.admin.activeSyncWindows('default', app)).windows.length === 1, {
    what: 'window active',
    timeoutMs: 20_000,
  });
  await assert.rejects(api.admin.syncApplication(app), (e: ApiClientError) => {
    assert.equal(e.status, 403);
    assert.match(e.message, /sync denied by active deny window "\* \* \* \* \*" for 1h/);
    return true;
  });
  project.spec.syncWindows = [];
  await kubectlOk([
    '-n',
    NS,
    'patch',
    'appproject',
    'default',
    '--type',
    'merge',
    '-p',
    '{"spec":{"syncWindows":null}}',
  ]);
});
