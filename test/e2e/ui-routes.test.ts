// The API the web UI relies on, against the real server and control plane: the session cookie, userinfo,
// error bodies, live manifests of tree objects only, commit metadata, source type detection, resource events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appBody, deploymentYaml, startApi, type RunningApi } from './api-support.js';
import { randomSuffix } from './support/cluster.js';
import { healthy, synced, waitForApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';

const NS = `driftless-e2e-ui-routes-${randomSuffix()}`;
const APP = 'web';
const DEST = `e2e-uir-${randomSuffix()}`;
const SECRET_VALUE = 'hunter2-super-secret';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

describe('API routes of the web UI', () => {
  let api: RunningApi;
  let repo: TestRepo;
  let sha: string;
  let token: string;

  const call = async (method: string, path: string, opts: { body?: unknown; auth?: string } = {}) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const auth = opts.auth ?? `Bearer ${token}`;
    if (auth) headers[auth.startsWith('argocd.token=') ? 'Cookie' : 'Authorization'] = auth;
    const res = await fetch(api.url + path, {
      method,
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      headers: res.headers,
    };
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const a: Answer = await call(method, path, body === undefined ? {} : { body });
    assert.equal(a.status, 200, `${method} ${path}: ${JSON.stringify(a.body)}`);
    return a.body;
  };
  const resourcePath = (q: Record<string, string>) =>
    `/api/v1/applications/${APP}/resource?${new URLSearchParams(q).toString()}`;

  before(async () => {
    repo = new TestRepo();
    repo.write({
      'web/deployment.yaml': deploymentYaml(APP, 1),
      'web/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${APP}-db\nstringData:\n  password: ${SECRET_VALUE}\n`,
      'kust/kustomization.yaml': 'resources: []\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    });
    sha = repo.commit('web: first version');
    api = await startApi({ namespace: NS });
    const login = await call('POST', '/api/v1/session', {
      auth: '',
      body: { username: 'admin', password: api.adminPassword },
    });
    assert.equal(login.status, 200);
    token = String(login.body.token);
    await ok('POST', '/api/v1/applications', appBody(APP, repo.url, 'web', DEST));
    await ok('POST', `/api/v1/applications/${APP}/sync`, {});
    await waitForApp(NS, APP, 'synced and healthy', (a) => synced(a) && healthy(a), 120_000);
  });

  after(async () => {
    await api?.stop();
    await kubectl(['delete', 'namespace', DEST, '--wait=false']);
    repo?.cleanup();
  });

  it('sets the argocd.token cookie at login, which authenticates; logout clears it', async () => {
    const login = await call('POST', '/api/v1/session', {
      auth: '',
      body: { username: 'admin', password: api.adminPassword },
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^argocd\.token=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const pair = cookie.split(';')[0] ?? '';
    assert.equal((await call('GET', '/api/v1/applications', { auth: pair })).status, 200);
    const info = await call('GET', '/api/v1/session/userinfo', { auth: pair });
    assert.deepEqual([info.status, info.body.loggedIn, info.body.username], [200, true, 'admin']);
    const out = await call('DELETE', '/api/v1/session', { auth: '' });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', /^argocd\.token=; Path=\/; Max-Age=0;/);
  });

  it('userinfo: loggedIn false without a token, 401 with {error, message} for a bad one', async () => {
    const anon = await call('GET', '/api/v1/session/userinfo', { auth: '' });
    assert.deepEqual([anon.status, anon.body], [200, { loggedIn: false }]);
    const bad = await call('GET', '/api/v1/session/userinfo', { auth: 'argocd.token=not.a.jwt' });
    assert.equal(bad.status, 401);
    assert.equal(typeof bad.body.message, 'string');
    assert.equal(bad.body.error, bad.body.message);
    assert.equal((await call('GET', '/api/v1/applications', { auth: 'Bearer x.y.z' })).status, 401);
  });

  it('serves live manifests of objects in the app tree only, Secrets masked', async () => {
    const secret = await ok(
      'GET',
      resourcePath({ namespace: DEST, resourceName: `${APP}-db`, version: 'v1', kind: 'Secret' }),
    );
    const manifest = String(secret.manifest);
    assert.ok(!manifest.includes(Buffer.from(SECRET_VALUE).toString('base64')), manifest);
    assert.ok(!manifest.includes(SECRET_VALUE), manifest);
    assert.equal((JSON.parse(manifest) as { kind: string }).kind, 'Secret');
    const deploy = await ok(
      'GET',
      resourcePath({ namespace: DEST, resourceName: APP, version: 'v1', kind: 'Deployment', group: 'apps' }),
    );
    assert.ok(!String(deploy.manifest).includes('managedFields'));
    const foreign = await call(
      'GET',
      resourcePath({ namespace: NS, resourceName: 'argocd-secret', version: 'v1', kind: 'Secret' }),
    );
    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    assert.equal((await call('GET', resourcePath({ kind: 'Secret' }))).status, 400);
  });

  it('answers commit metadata for full SHAs of the app repository', async () => {
    const meta = await ok('GET', `/api/v1/applications/${APP}/revisions/${sha}/metadata`);
    assert.equal(meta.author, 'e2e <e2e@example.invalid>');
    assert.equal(meta.message, 'web: first version');
    assert.ok(!Number.isNaN(Date.parse(String(meta.date))));
    assert.equal((await call('GET', `/api/v1/applications/${APP}/revisions/HEAD/metadata`)).status, 400);
    const unknown = await call('GET', `/api/v1/applications/${APP}/revisions/${'0'.repeat(40)}/metadata`);
    assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
  });

  it('detects the source type of a path', async () => {
    const detect = (path: string, repoURL = repo.url) =>
      call('POST', `/api/v1/repositories/${encodeURIComponent(repo.url)}/appdetails`, {
        body: { source: { repoURL, path, targetRevision: 'HEAD' } },
      });
    const types = await Promise.all(['web', 'kust', 'chart'].map(async (p) => (await detect(p)).body.type));
    assert.deepEqual(types, ['Directory', 'Kustomize', 'Helm']);
    assert.equal((await detect('missing')).status, 404);
    assert.equal((await detect('../..')).status, 400);
    assert.equal((await detect('web', 'https://example.invalid/other.git')).status, 400);
  });

  it('lists events of one resource of the tree, and refuses others', async () => {
    const tree = await ok('GET', `/api/v1/applications/${APP}/resource-tree`);
    const nodes = tree.nodes as { kind: string; name: string; namespace: string; uid: string }[];
    const rs = nodes.find((n) => n.kind === 'ReplicaSet');
    assert.ok(rs, 'a ReplicaSet in the tree');
    const q = new URLSearchParams({
      resourceName: rs.name,
      resourceNamespace: rs.namespace,
      resourceUID: rs.uid,
    });
    const events = await ok('GET', `/api/v1/applications/${APP}/events?${q.toString()}`);
    assert.ok(Array.isArray(events.items));
    const other = new URLSearchParams({ resourceName: 'argocd-secret', resourceNamespace: NS });
    assert.equal((await call('GET', `/api/v1/applications/${APP}/events?${other.toString()}`)).status, 404);
  });

  it('documents the new routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const p of [
      '/api/v1/applications/{name}/resource',
      '/api/v1/applications/{name}/revisions/{revision}/metadata',
      '/api/v1/repositories/{repo}/appdetails',
    ])
      assert.ok(doc.paths[p], `${p} in openapi.json`);
  });
});
