// The security suite against the product: an authz matrix generated from the route table (its
// OpenAPI document) for five callers, CSRF, token forgery, brute force, update scope, and a search
// for a planted Secret value across every API route, the server log and the Events.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/common/log.js';
import type { Application } from '../../src/model/index.js';
import { ApiClient } from '../../src/server/api-client.js';
import { appBody, applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { authzCases, type Caller } from './security-matrix.js';

const NS = 'security-api-e2e';
const dest = `security-api-${randomSuffix()}`;
const app = `sec-${randomSuffix()}`;
const PLANTED = `PLANTED-${randomUUID()}`;
const repo = new TestRepo();
const logLines: string[] = [];
let api: RunningApi;
const tokens: Partial<Record<Caller, string>> = {};

async function accountLogin(name: string, password: string): Promise<string> {
  await waitFor(async () => (await api.admin.getAccount(name).catch(() => undefined)) !== undefined, {
    what: `account ${name}`,
    timeoutMs: 20_000,
  });
  await api.admin.updatePassword(api.adminPassword, password, name);
  const c = new ApiClient(api.url);
  return waitFor(() => c.login(name, password), { what: `${name} logs in`, timeoutMs: 20_000 });
}

before(async () => {
  repo
    .write({
      'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sec-cm\ndata:\n  a: "1"\n',
      'app/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: sec-secret\nstringData:\n  token: ${PLANTED}\n`,
    })
    .commit('app with a secret');
  api = await startApi({
    namespace: NS,
    log: createLogger({ level: 'debug', format: 'json', write: (l) => void logLines.push(l) }),
  });
  tokens.admin = await api.admin.login('admin', api.adminPassword);
  await applyConfigMap(NS, 'argocd-cm', {
    'accounts.alice': 'login',
    'accounts.upd': 'login',
    'accounts.bob': 'login',
  });
  await applyConfigMap(NS, 'argocd-rbac-cm', {
    'policy.csv': 'g, alice, role:readonly\np, upd, applications, update, */*, allow\n',
  });
  await api.admin.createProject({
    metadata: { name: 'sec-proj' },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      roles: [
        {
          name: 'ci',
          policies: [
            'p, proj:sec-proj:ci, applications, get, sec-proj/*, allow',
            'p, proj:sec-proj:ci, applications, sync, sec-proj/*, allow',
          ],
        },
      ],
    },
  } as never);
  const body = appBody(app, repo.url, 'app', dest) as Application;
  body.spec.project = 'sec-proj';
  body.spec.syncPolicy = { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] };
  // The project reaches the server's cache a moment after it is created.
  await waitFor(() => api.admin.createApplication(body), {
    what: 'app created in sec-proj',
    timeoutMs: 20_000,
  });
  tokens.readonly = await accountLogin('alice', 'alice-password-1');
  tokens.updateOnly = await accountLogin('upd', 'upd-password-1');
  await accountLogin('bob', 'bob-password-1');
  tokens.projectToken = await waitFor(() => api.admin.createProjectToken('sec-proj', 'ci'), {
    what: 'project token',
    timeoutMs: 20_000,
  });
  await waitFor(async () => (await api.admin.getApplication(app)).status?.sync?.status === 'Synced', {
    what: 'app synced',
    timeoutMs: 90_000,
  });
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
});

function call(
  method: string,
  path: string,
  opts: { token?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return fetch(`${api.url}${path}`, {
    method,
    headers: { ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    signal: AbortSignal.timeout(60_000),
  });
}

describe('security: authz matrix generated from the route table', () => {
  it('every route × unauthenticated / read-only / update-only / project token / admin', async () => {
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as Parameters<typeof authzCases>[0];
    const cases = authzCases(doc, { app, project: 'sec-proj', repo: repo.url });
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const failures: string[] = [];
    for (const c of cases) {
      const res = await call(c.method, c.path, {
        ...(c.caller === 'unauthenticated' ? {} : { token: tokens[c.caller] ?? '' }),
        headers: { 'Content-Type': 'application/json' },
        ...(c.method === 'GET' ? {} : { body: '{}' }),
      }).catch((e: unknown) => ({ status: -1, text: () => Promise.resolve(String(e)) }));
      const text = await res.text();
      const denied = res.status === 401 || res.status === 403;
      if (c.expect === 'unauthenticated' && res.status !== 401)
        failures.push(`${c.id}: ${res.status}, want 401`);
      if (c.expect === 'denied' && !(res.status === 403 || (c.method !== 'GET' && res.status === 400)))
        failures.push(`${c.id}: ${res.status}, want 403`);
      if (c.expect === 'allowed' && denied) failures.push(`${c.id}: ${res.status} ${text.slice(0, 120)}`);
      if (c.expect === 'filtered' && (denied || text.includes(app)))
        failures.push(`${c.id}: ${res.status}, not filtered`);
      if (res.status >= 500 && res.status !== 503)
        failures.push(`${c.id}: ${res.status} ${text.slice(0, 120)}`);
    }
    assert.deepEqual(failures, []);
  });
});

describe('security: sessions', () => {
  it('a cookie session cannot be used cross-site; the same request with a bearer token works', async () => {
    const cookie = { Cookie: `argocd.token=${tokens.admin ?? ''}` };
    const evil = await call('POST', `/api/v1/applications/${app}/sync`, {
      headers: { ...cookie, Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
      body: '{}',
    });
    assert.equal(evil.status, 403);
    const form = await call('POST', '/api/v1/applications', {
      headers: { ...cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify(appBody(`csrf-${randomSuffix()}`, repo.url, 'app', dest)),
    });
    assert.equal(form.status, 403);
    const ui = await call('GET', `/api/v1/applications/${app}`, { headers: cookie });
    assert.equal(ui.status, 200, 'reads with the cookie still work');
    const bearer = await call('POST', `/api/v1/applications/${app}/sync`, {
      token: tokens.admin ?? '',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.notEqual(bearer.status, 403);
  });

  it('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const res = await call('POST', '/api/v1/session', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: api.adminPassword }),
    });
    assert.match(res.headers.get('set-cookie') ?? '', /argocd\.token=[^;]+;.*HttpOnly; SameSite=Strict/);
  });

  it('forged tokens are refused: trailing =, alg none, another key, tampered claims, garbage', async () => {
    const [h, p, s] = (tokens.readonly ?? '').split('.') as [string, string, string];
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    const asAdmin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' }),
    ).toString('base64url');
    for (const forged of [
      `${h}.${p}.${s}=`,
      `${h}.${p}=.${s}`,
      none,
      `${h}.${asAdmin}.${s}`,
      `${h}.${p}.${'A'.repeat(43)}`,
      'x.y.z',
      `${h}.${p}`,
    ]) {
      const res = await call('GET', '/api/v1/applications', { token: forged });
      assert.equal(res.status, 401, forged);
    }
  });

  it('100 parallel wrong passwords reach the comparison at most five times; another user still logs in', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 100 }, () =>
        call('POST', '/api/v1/session', {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'bob', password: 'wrong' }),
        }).then((r) => r.status),
      ),
    );
    assert.equal(attempts.filter((s) => s === 401).length, 5, JSON.stringify(attempts));
    assert.equal(attempts.filter((s) => s === 429).length, 95);
    // Trip the per-address limit with other names, then log in as admin from the same address.
    for (let i = 0; i < 25; i++)
      await call('POST', '/api/v1/session', {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `nobody-${i}`, password: 'wrong' }),
      });
    const admin = await call('POST', '/api/v1/session', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: api.adminPassword }),
    });
    assert.equal(admin.status, 200);
  });
});

describe('security: API semantics', () => {
  it('an update-only user cannot start a sync by patching operation', async () => {
    // Syncs started by the matrix above finish first, so that any operation seen after is the patch's.
    await waitFor(async () => (await api.admin.getApplication(app)).operation === undefined, {
      what: 'no operation running',
      timeoutMs: 60_000,
    });
    const res = await call('PATCH', `/api/v1/applications/${app}`, {
      token: tokens.updateOnly ?? '',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        patch: JSON.stringify({ operation: { sync: {}, initiatedBy: { username: 'admin' } } }),
        patchType: 'merge',
      }),
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { hint: string }).hint, /sync/);
    assert.equal((await api.admin.getApplication(app)).operation, undefined);
  });

  it('a read-only user cannot make the server clone an arbitrary file:// URL through appdetails', async () => {
    const url = 'file:///etc';
    const res = await call('POST', `/api/v1/repositories/${encodeURIComponent(url)}/appdetails`, {
      token: tokens.readonly ?? '',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source: { repoURL: url, path: '.' } }),
    });
    assert.equal(res.status, 403);
  });

  it('/readyz says ok while the kube-apiserver answers', async () => {
    assert.equal((await call('GET', '/readyz')).status, 200);
  });

  it('the planted Secret value appears in no API route, log line or Event', async () => {
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as Parameters<typeof authzCases>[0];
    const gets = authzCases(doc, { app, project: 'sec-proj', repo: repo.url }).filter(
      (c) => c.caller === 'admin' && c.method === 'GET',
    );
    const resource = `?name=sec-secret&namespace=${dest}&kind=Secret&version=v1&group=`;
    const leaks: string[] = [];
    for (const c of gets) {
      for (const suffix of ['', resource]) {
        const res = await call('GET', c.path + suffix, { token: tokens.admin ?? '' }).catch(() => undefined);
        const text = res ? await res.text().catch(() => '') : '';
        if (text.includes(PLANTED) || text.includes(Buffer.from(PLANTED).toString('base64')))
          leaks.push(c.path + suffix);
      }
    }
    assert.deepEqual(leaks, []);
    assert.ok(logLines.length > 0);
    assert.ok(!logLines.some((l) => l.includes(PLANTED)), 'a log line holds the secret');
    const events = await kubectlOk(['get', 'events', '-A', '-o', 'json']);
    assert.ok(!events.includes(PLANTED), 'an Event holds the secret');
  });
});
