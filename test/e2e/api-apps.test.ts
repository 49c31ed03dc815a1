// The API against a real control plane: login, create/list/get, sync, managed resources, resource tree, SSE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClientError } from '../../src/server/api-client.js';
import { ApiClient } from '../../src/server/api-client.js';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';
import { appBody, deploymentYaml, startApi, type RunningApi } from './api-support.js';

const NS = `api-apps-e2e-${randomSuffix()}`;
const app = `web-${randomSuffix()}`;
const dest = `api-web-${randomSuffix()}`;
const repo = new TestRepo();
let api: RunningApi;

const secretYaml = `apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: hunter2-very-secret
`;

before(async () => {
  repo
    .write({ 'app/deployment.yaml': deploymentYaml('web', 2), 'app/secret.yaml': secretYaml })
    .commit('web + secret');
  api = await startApi({ namespace: NS });
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
});

test('log in with the initial admin password; a wrong password is 401', async () => {
  await assert.rejects(
    new ApiClient(api.url).login('admin', 'wrong-password'),
    (e: ApiClientError) => e.status === 401,
  );
  await api.admin.login('admin', api.adminPassword);
  const me = await api.admin.userInfo();
  assert.equal(me.username, 'admin');
  await assert.rejects(new ApiClient(api.url).listApplications(), (e: ApiClientError) => e.status === 401);
});

test('create, list and get an app; an invalid body is a clear 400', async () => {
  const created = await api.admin.createApplication(appBody(app, repo.url, 'app', dest) as Application);
  assert.equal(created.metadata.name, app);
  const bad = await fetch(`${api.url}/api/v1/applications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.admin.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ metadata: { name: 'x' }, spec: { destination: {} } }),
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { message: string }).message, /spec\.project/);
  const list = await waitFor(
    async () => {
      const l = await api.admin.listApplications({ projects: ['default'] });
      return l.items.some((a) => a.metadata.name === app) ? l : undefined;
    },
    { what: 'app in the list', timeoutMs: 20_000 },
  );
  assert.ok(list.items.length >= 1);
  const paged = await api.admin.listApplications({ limit: 1 });
  assert.equal(paged.items.length, 1);
  assert.equal((await api.admin.getApplication(app)).spec.source?.path, 'app');
});

test('sync via the API; the SSE stream sees the app change', async () => {
  const abort = new AbortController();
  const seen: string[] = [];
  const streamed = (async () => {
    try {
      for await (const ev of api.admin.watchApplications({ name: [app] }, abort.signal)) {
        seen.push(`${ev.type}:${ev.application.status?.sync?.status ?? '-'}`);
        if (ev.type === 'MODIFIED' && ev.application.status?.sync?.status === 'Synced') return true;
      }
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
    return false;
  })();
  await waitFor(async () => (await api.admin.getApplication(app)).status?.sync?.status === 'OutOfSync', {
    what: 'app compared (OutOfSync)',
    timeoutMs: 60_000,
  });
  await api.admin.syncApplication(app, { prune: true });
  await waitFor(
    async () => {
      const a = await api.admin.getApplication(app);
      return a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy';
    },
    { what: 'Synced and Healthy after an API sync', timeoutMs: 120_000 },
  );
  const sawSynced = await Promise.race([streamed, new Promise((r) => setTimeout(r, 30_000, 'timeout'))]);
  abort.abort();
  assert.equal(sawSynced, true, `stream events: ${seen.join(', ')}`);
  assert.ok(seen[0]?.startsWith('ADDED'), 'the stream starts with the current state');
});

test('a stream opened with resourceVersion (the client listed first) sends changes only', async () => {
  const abort = new AbortController();
  const events: string[] = [];
  const stream = (async () => {
    try {
      for await (const ev of api.admin.watchApplications({ resourceVersion: '1' }, abort.signal))
        events.push(`${ev.type}:${ev.application.metadata.name}`);
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
  })();
  // The stream's start is not observable: change the app until one change arrives.
  let n = 0;
  await waitFor(
    async () => {
      await api.admin.patchApplication(app, { metadata: { labels: { 'stream-probe': String(++n) } } });
      return events.length > 0;
    },
    { what: 'a change on the changes-only stream', timeoutMs: 30_000 },
  );
  abort.abort();
  await stream;
  assert.equal(events[0], `MODIFIED:${app}`, `events: ${events.join(', ')}`);
  assert.ok(!events.some((e) => e.startsWith('ADDED')), `no initial apps: ${events.join(', ')}`);
});

test('a stream with Argo CD `fields` sends only the selected parts of each app', async () => {
  const abort = new AbortController();
  const events: Application[] = [];
  const fields = ['result.application.metadata.name', 'result.application.status.sync.status'];
  const stream = (async () => {
    try {
      for await (const ev of api.admin.watchApplications({ name: [app], fields }, abort.signal))
        events.push(ev.application);
    } catch (e) {
      if (!abort.signal.aborted) throw e;
    }
  })();
  await waitFor(async () => events.length > 0, { what: 'the initial app on the stream', timeoutMs: 30_000 });
  abort.abort();
  await stream;
  const first = events[0] as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(first).sort(), ['metadata', 'status']);
  assert.deepEqual(first.metadata, { name: app });
  assert.deepEqual(Object.keys(first.status as object), ['sync']);
});

test('managed-resources masks the Secret on both sides', async () => {
  const { items } = await api.admin.managedResources(app);
  const secret = items.find((i) => i.kind === 'Secret');
  assert.ok(secret, `kinds: ${items.map((i) => i.kind).join(',')}`);
  const all = JSON.stringify(items);
  assert.ok(!all.includes('hunter2'), 'no clear text');
  assert.ok(!all.includes(Buffer.from('hunter2-very-secret').toString('base64')), 'no base64 either');
  assert.match(secret.liveState, /\+{8}/);
  assert.ok(items.some((i) => i.kind === 'Deployment' && i.liveState !== 'null' && i.targetState !== 'null'));
});

test('resource-tree has Deployment → ReplicaSet → Pod with health', async () => {
  const tree = await waitFor(
    async () => {
      const t = await api.admin.resourceTree(app);
      return t.nodes.some((n) => n.kind === 'Pod') ? t : undefined;
    },
    { what: 'pods in the tree', timeoutMs: 60_000 },
  );
  const dep = tree.nodes.find((n) => n.kind === 'Deployment');
  const rs = tree.nodes.find((n) => n.kind === 'ReplicaSet');
  const pod = tree.nodes.find((n) => n.kind === 'Pod');
  assert.ok(dep && rs && pod);
  assert.equal(rs.parentRefs?.[0]?.uid, dep.uid);
  assert.equal(pod.parentRefs?.[0]?.uid, rs.uid);
  assert.ok(dep.health?.status);
});

test('openapi.json and /metrics are served', async () => {
  const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
    paths: Record<string, unknown>;
  };
  assert.ok('/api/v1/applications/{name}/sync' in doc.paths);
  const metrics = await (await fetch(`${api.url}/metrics`)).text();
  assert.match(metrics, /^argocd_app_info\{[^}]*sync_status="Synced"/m);
  assert.match(metrics, /driftless_http_request_duration_seconds_bucket/);
});
