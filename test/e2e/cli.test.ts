// The `driftless` CLI as a user runs it, a subprocess against an in-process API server and controller on the real
// control plane: login, create, sync with progress, wait, drift and diff, history, rollback, usage errors and a 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { initialAdminPassword } from './support/server-process.js';
import { startRecordingRelay } from './support/recording-relay.js';
import { applyConfigMap, deploymentYaml, startApi, type RunningApi } from './api-support.js';

const NS = `cli-e2e-${randomSuffix()}`;
const app = `cli-${randomSuffix()}`;
const dest = `cli-dest-${randomSuffix()}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-cli-e2e-'));
const repo = new TestRepo();
let api: RunningApi;
let firstSha = '';

const cli = cliRunner(xdg);

const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

before(async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('cli-web', 1) });
  firstSha = repo.commit('one replica');
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  await api.admin.login('admin', api.adminPassword);
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

test('login with the initial admin password stores a 0600 context and never prints the token', async () => {
  const password = await initialAdminPassword(NS);
  const r = await cli(
    [
      'login',
      api.url.replace('http://', ''),
      '--plaintext',
      '--username',
      'admin',
      '--password-stdin',
      '--name',
      'e2e',
    ],
    {
      input: `${password}\n`,
    },
  );
  assert.equal(r.code, 0, show(r));
  const path = join(xdg, 'driftless', 'config.json');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const cfg = JSON.parse(readFileSync(path, 'utf8')) as {
    current: string;
    contexts: Record<string, { token: string; server: string }>;
  };
  assert.equal(cfg.current, 'e2e');
  assert.equal(cfg.contexts.e2e?.server, api.url);
  assert.ok(cfg.contexts.e2e?.token);
  assert.ok(!r.stdout.includes(cfg.contexts.e2e.token) && !r.stderr.includes(cfg.contexts.e2e.token));
});

test('app create from flags, then sync shows progress per resource and exits 0', async () => {
  const create = await cli([
    'app',
    'create',
    app,
    '--repo',
    repo.url,
    '--path',
    'app',
    '--dest-server',
    'https://kubernetes.default.svc',
    '--dest-namespace',
    dest,
    '--sync-option',
    'CreateNamespace=true',
  ]);
  assert.equal(create.code, 0, show(create));
  const sync = await cli(['app', 'sync', app, '--timeout', '120']);
  assert.equal(sync.code, 0, show(sync));
  assert.match(sync.stderr, new RegExp(`Deployment.apps/${dest}/cli-web  Synced`));
  assert.match(sync.stdout, new RegExp(`${app}: Succeeded`));
  const wait = await cli(['app', 'wait', app, '--health', '--sync', '--timeout', '120']);
  assert.equal(wait.code, 0, show(wait));
  assert.match(wait.stdout, /Synced Healthy/);
  const list = await cli(['app', 'list', '-o', 'name']);
  assert.equal(list.stdout.trim(), app, show(list));
});

test('app list asks the server only for the fields its rows show (whole apps only for -o json)', async () => {
  const relay = await startRecordingRelay(api.url);
  try {
    const via = { env: { DRIFTLESS_SERVER: relay.url, DRIFTLESS_AUTH_TOKEN: api.admin.token ?? '' } };
    const fieldsOf = (args: string[]) => {
      const asked = relay.requests.filter(
        (r) => r.startsWith('GET /api/v1/applications?') || r === 'GET /api/v1/applications',
      );
      assert.equal(asked.length, 1, `${args.join(' ')} made one list request: ${relay.requests.join(', ')}`);
      const fields = new URL(asked[0]?.slice(4) ?? '', 'http://x').searchParams.getAll('fields');
      relay.requests.length = 0;
      return fields.flatMap((f) => f.split(','));
    };
    for (const args of [
      ['app', 'list'],
      ['app', 'list', '-o', 'wide'],
      ['app', 'list', '-o', 'name'],
    ]) {
      const r = await cli(args, via);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, new RegExp(app));
      const fields = fieldsOf(args);
      assert.ok(fields.includes('items.metadata.name'), `${args.join(' ')} asked for ${fields.join(',')}`);
      // Each path is under items, and none asks for the status as a whole or its heaviest parts.
      for (const f of fields) {
        assert.match(f, /^items\.[a-z]/i, `${args.join(' ')}: ${f}`);
        assert.ok(
          !['items', 'items.status', 'items.status.resources', 'items.status.history'].includes(f),
          f,
        );
      }
      if (args.includes('name')) assert.deepEqual(fields, ['items.metadata.name']);
      else assert.ok(fields.includes('items.status.sync.status'), fields.join(','));
    }
    const json = await cli(['app', 'list', '-o', 'json'], via);
    assert.equal(json.code, 0, show(json));
    assert.deepEqual(fieldsOf(['app', 'list', '-o', 'json']), []);
    const listed = JSON.parse(json.stdout) as Application[];
    assert.ok(listed.find((a) => a.metadata.name === app)?.status?.resources?.length, 'whole apps in JSON');
  } finally {
    await relay.close();
  }
});

test('drift made with kubectl: app diff exits 1 naming the field; after a sync it exits 0', async () => {
  await kubectlOk(['-n', dest, 'scale', 'deployment', 'cli-web', '--replicas=3']);
  const drift = await waitFor(
    async () => {
      const r = await cli(['app', 'diff', app]);
      return r.code === 1 ? r : undefined;
    },
    { what: 'app diff to see the drift', timeoutMs: 30_000 },
  );
  assert.match(drift.stdout, /===== Deployment.apps\/.*cli-web =====/);
  assert.match(drift.stdout, /^-\s+replicas: 3$/m, show(drift));
  assert.match(drift.stdout, /^\+\s+replicas: 1$/m, show(drift));
  const sync = await cli(['app', 'sync', app, '--timeout', '120']);
  assert.equal(sync.code, 0, show(sync));
  const clean = await waitFor(
    async () => {
      const r = await cli(['app', 'diff', app]);
      return r.code === 0 ? r : undefined;
    },
    { what: 'app diff to be clean', timeoutMs: 30_000 },
  );
  assert.equal(clean.stdout, '');
});

test('a second commit: diff against each revision, sync, history lists both revisions, rollback to the first', async () => {
  repo.write({ 'app/deployment.yaml': deploymentYaml('cli-web', 2) });
  const second = repo.commit('two replicas');
  // The controller notices the commit on its next poll (Git answers are cached briefly, as in Argo CD).
  await waitFor(
    async () => {
      const r = await cli(['app', 'get', app, '-o', 'json']);
      return r.code === 0 && (JSON.parse(r.stdout) as Application).status?.sync?.revision === second;
    },
    { what: 'the app to compare against the second commit', timeoutMs: 30_000 },
  );
  const ahead = await cli(['app', 'diff', app]);
  assert.equal(ahead.code, 1, show(ahead));
  assert.match(ahead.stdout, /^\+\s+replicas: 2$/m);
  const atFirst = await cli(['app', 'diff', app, '--revision', firstSha]);
  assert.equal(atFirst.code, 0, show(atFirst));
  const sync = await cli(['app', 'sync', app, '--timeout', '120']);
  assert.equal(sync.code, 0, show(sync));
  assert.match(sync.stdout, new RegExp(`revision ${second.slice(0, 7)}`));
  const history = await cli(['app', 'history', app]);
  assert.equal(history.code, 0, show(history));
  // One entry per successful sync, as in Argo CD: the first sync, the drift repair (same revision), the second commit.
  const revisions = history.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split(/\s+/)[2]);
  assert.deepEqual([...new Set(revisions)], [firstSha, second], show(history));
  assert.equal(revisions.at(-1), second);

  const rollback = await cli(['app', 'rollback', app, '--timeout', '120']);
  assert.equal(rollback.code, 0, show(rollback));
  const get = await cli(['app', 'get', app, '-o', 'json']);
  assert.equal(get.code, 0, show(get));
  const got = JSON.parse(get.stdout) as Application;
  assert.equal(got.status?.operationState?.syncResult?.revision, firstSha);
  assert.equal(got.status?.history?.at(-1)?.revision, firstSha);
  // Sync status still compares with the target (HEAD, the second commit), as in Argo CD.
  assert.match(rollback.stdout, new RegExp(`revision ${firstSha.slice(0, 7)}`));
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', 'cli-web', '-o', 'jsonpath={.spec.replicas}']),
    '1',
  );
});

test('usage errors exit 2; a missing login exits 1 with the login hint', async () => {
  const noName = await cli(['app', 'sync']);
  assert.equal(noName.code, 2, show(noName));
  const badResource = await cli(['app', 'sync', app, '--resource', 'Deployment']);
  assert.equal(badResource.code, 2, show(badResource));
  assert.match(badResource.stderr, /hint: use GROUP:KIND:NAME/);
  const empty = mkdtempSync(join(tmpdir(), 'driftless-cli-empty-'));
  const noLogin = await cli(['app', 'list'], { env: { XDG_CONFIG_HOME: empty } });
  rmSync(empty, { recursive: true, force: true });
  assert.equal(noLogin.code, 1, show(noLogin));
  assert.equal(
    noLogin.stderr,
    'error: not logged in to any Driftless server\nhint: run: driftless login <server>\n',
  );
});

test('a read-only user gets a 403 as one line plus a hint, exit 1', async () => {
  await applyConfigMap(NS, 'argocd-cm', { 'accounts.viewer': 'login' });
  await applyConfigMap(NS, 'argocd-rbac-cm', { 'policy.csv': 'g, viewer, role:readonly' });
  await waitFor(async () => (await api.admin.getAccount('viewer').catch(() => undefined)) !== undefined, {
    what: 'account viewer visible',
    timeoutMs: 20_000,
  });
  const pw = await cli([
    'account',
    'update-password',
    '--account',
    'viewer',
    '--current-password',
    api.adminPassword,
    '--new-password',
    'viewer-password-1',
  ]);
  assert.equal(pw.code, 0, show(pw));
  const login = await waitFor(
    async () => {
      const r = await cli([
        'login',
        api.url,
        '--username',
        'viewer',
        '--password',
        'viewer-password-1',
        '--name',
        'viewer',
      ]);
      return r.code === 0 ? r : undefined;
    },
    { what: 'viewer can log in', timeoutMs: 20_000 },
  );
  assert.match(login.stdout, /as viewer/);
  const sync = await cli(['app', 'sync', app, '--context', 'viewer']);
  assert.equal(sync.code, 1, show(sync));
  const lines = sync.stderr.trim().split('\n');
  assert.equal(lines.length, 2, show(sync));
  assert.match(lines[0] ?? '', new RegExp(`^error: permission denied: applications, sync, default/${app}`));
  assert.match(lines[1] ?? '', /^hint: /);
  const canI = await cli([
    'account',
    'can-i',
    'sync',
    'applications',
    `default/${app}`,
    '--context',
    'viewer',
  ]);
  assert.equal(canI.stdout, 'no\n', show(canI));
});
