// The API reads its own writes (and kubectl's): create → sync at once never 404s, a delete is seen at
// once, and GET ?refresh=hard (`driftless app get --hard-refresh`) answers after the refresh, with the new commit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import type { ApiClientError } from '../../src/server/api-client.js';
import { appBody, startApi, type RunningApi } from './api-support.js';
import { cliRunner } from './support/cli.js';
import { randomSuffix } from './support/cluster.js';
import { applicationYaml, healthy, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

const NS = `ryw-e2e-${randomSuffix()}`;
const run = randomSuffix(4);
const dest = `ryw-dest-${randomSuffix()}`;
const repo = new TestRepo();
const xdg = mkdtempSync(join(tmpdir(), 'driftless-ryw-e2e-'));
let api: RunningApi;

const configMap = (greeting: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeting\ndata:\n  greeting: ${greeting}\n`;

before(async () => {
  repo.write({ 'app/configmap.yaml': configMap('one') });
  repo.commit('greeting one');
  // Polling is off in practice: whatever refresh happens here, the test's requests caused it.
  api = await startApi({ namespace: NS, pollIntervalMs: 600_000 });
  await api.admin.login('admin', api.adminPassword);
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

test('50 apps: kubectl apply (or API create) then sync at once — never a 404', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `ryw-${run}-${i}`);
  const createThenSync = async (name: string, i: number) => {
    if (i % 2 === 0)
      await kubectlOk(['apply', '-f', '-'], {
        input: applicationYaml({ name, namespace: NS, repoURL: repo.url, path: 'app', destNamespace: dest }),
      });
    else await api.admin.createApplication(appBody(name, repo.url, 'app', dest) as Application);
    const started = await api.admin.syncApplication(name, { dryRun: true });
    assert.ok(started.operation?.sync, `${name}: the sync was recorded`);
    // The next read by name sees the operation we just wrote (pending, or already taken up by the controller).
    const read = await api.admin.getApplication(name);
    assert.ok(read.operation ?? read.status?.operationState, `${name}: GET after sync shows the operation`);
  };
  // Five lanes, each create → sync → get one app after another.
  const lanes = 5;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < names.length; i += lanes) await createThenSync(names[i] ?? '', i);
    }),
  );
});

test('a deleted app is gone for the API at once', async () => {
  const name = `ryw-${run}-gone`;
  await api.admin.createApplication(appBody(name, repo.url, 'app', dest) as Application);
  await api.admin.deleteApplication(name, { cascade: false });
  await assert.rejects(api.admin.getApplication(name), (e: ApiClientError) => e.status === 404);
});

test('app get --hard-refresh after a commit shows the new revision', async () => {
  const name = `ryw-${run}-refresh`;
  await api.admin.createApplication(appBody(name, repo.url, 'app', dest) as Application);
  await api.admin.syncApplication(name);
  const first = await waitForApp(NS, name, 'synced and healthy', (a) => synced(a) && healthy(a), 120_000);
  repo.write({ 'app/configmap.yaml': configMap('two') });
  const second = repo.commit('greeting two');
  assert.notEqual(first.status?.sync?.revision, second);
  const got = await cliRunner(xdg)(['app', 'get', name, '--hard-refresh', '-o', 'json'], {
    env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: api.admin.token ?? '' },
  });
  assert.equal(got.code, 0, got.stderr);
  const shown = JSON.parse(got.stdout) as Application;
  assert.equal(shown.status?.sync?.revision, second);
  assert.equal(shown.status?.sync?.status, 'OutOfSync');
});
