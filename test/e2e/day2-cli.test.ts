// Day-2 commands through the real CLI against Driftless started by the composition root on the real control
// plane: `app logs` (kwok serves every container's log from one file), resource actions, deleting and patching
// one resource.
/* eslint-disable @typescript-eslint/no-explicit-any -- kubectl JSON */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendContainerLog, randomSuffix, waitFor } from './support/cluster.js';
import { cliRunner, type Cli, type CliRun } from './support/cli.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { applyConfigMap, deploymentYaml, startApi, type RunningApi } from './api-support.js';

const NS = `day2-e2e-${randomSuffix()}`;
const app = `day2-${randomSuffix()}`;
const dest = `day2-dest-${randomSuffix()}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-day2-e2e-'));
const repo = new TestRepo();
let api: RunningApi;
const runCli = cliRunner(xdg);
let token = '';
/** The CLI pointed at the server with the admin's token (env, as a script would). */
const cli: Cli = (args, opts = {}) =>
  runCli(args, { ...opts, env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: token } });
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

before(async () => {
  repo.write({ 'app/web.yaml': deploymentYaml('web', 2), 'app/db.yaml': deploymentYaml('db', 1) });
  repo.commit('web and db');
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  token = await api.admin.login('admin', api.adminPassword);
  const steps = [
    [
      'app',
      'create',
      app,
      '--repo',
      repo.url,
      '--path',
      'app',
      '--dest-server',
      'https://kubernetes.default.svc',
    ],
    ['app', 'sync', app, '--timeout', '120'],
    ['app', 'wait', app, '--health', '--timeout', '120'],
  ];
  steps[0]?.push('--dest-namespace', dest, '--sync-option', 'CreateNamespace=true');
  for (const args of steps) {
    const r = await cli(args);
    assert.equal(r.code, 0, show(r));
  }
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

test('app logs prints the lines of every pod of a Deployment; --filter and --tail narrow them', async () => {
  const all = await cli(['app', 'logs', app, '--kind', 'Deployment', '--group', 'apps', '--name', 'web']);
  assert.equal(all.code, 0, show(all));
  // Two pods, each serving kwok's simulated log.
  assert.equal(all.stdout.match(/^listening on :8080$/gm)?.length, 2, show(all));
  const filtered = await cli([
    'app',
    'logs',
    app,
    '--kind',
    'Deployment',
    '--group',
    'apps',
    '--name',
    'db',
    '--filter',
    'LISTENING',
  ]);
  assert.equal(filtered.stdout, 'listening on :8080\n', show(filtered));
  const negated = await cli([
    'app',
    'logs',
    app,
    '--kind',
    'Deployment',
    '--group',
    'apps',
    '--name',
    'db',
    '--filter',
    '!listening',
  ]);
  assert.doesNotMatch(negated.stdout, /listening/, show(negated));
  const tail = await cli([
    'app',
    'logs',
    app,
    '--kind',
    'Deployment',
    '--group',
    'apps',
    '--name',
    'db',
    '--tail',
    '1',
  ]);
  assert.equal(tail.stdout.split('\n').filter(Boolean).length, 1, show(tail));
});

test('app logs -f streams a line written after it started, until interrupted', async () => {
  const marker = `new line ${randomSuffix()}`;
  const abort = new AbortController();
  let seen = '';
  const run = cli(['app', 'logs', app, '--kind', 'Deployment', '--group', 'apps', '--name', 'db', '-f'], {
    signal: abort.signal,
    onStdout: (s) => (seen = s),
  });
  await waitFor(async () => seen.includes('listening on :8080'), {
    what: 'the existing lines',
    timeoutMs: 30_000,
  });
  appendContainerLog([marker]);
  await waitFor(async () => seen.includes(marker), { what: `"${marker}" to be followed`, timeoutMs: 30_000 });
  abort.abort();
  await run;
});

test('app logs: a resource that is not the app’s is a clear 404, not a stack trace', async () => {
  const r = await cli(['app', 'logs', app, '--kind', 'Deployment', '--group', 'apps', '--name', 'nope']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /Deployment .*nope is not part of application/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

const deploy = ['--kind', 'Deployment', '--group', 'apps'];
const jsonOf = async (args: string[]) =>
  JSON.parse(await kubectlOk([...args, '-o', 'json'])) as Record<string, any>;

test('app actions list shows the built-in actions of a Deployment, resume disabled while not paused', async () => {
  const r = await cli(['app', 'actions', 'list', app, ...deploy, '--resource-name', 'web']);
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /apps\s+Deployment\s+web\s+restart\s+false/);
  assert.match(r.stdout, /apps\s+Deployment\s+web\s+resume\s+true/);
  assert.match(r.stdout, /apps\s+Deployment\s+web\s+scale\s+false/);
});

test('app actions run restart rolls the Deployment: restartedAt on the template and a new ReplicaSet', async () => {
  const before = await jsonOf(['-n', dest, 'get', 'replicasets', '-l', 'app=web']);
  assert.equal(before.items.length, 1);
  const r = await cli(['app', 'actions', 'run', app, 'restart', ...deploy, '--resource-name', 'web']);
  assert.equal(r.code, 0, show(r));
  const d = await jsonOf(['-n', dest, 'get', 'deployment', 'web']);
  assert.match(
    d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'],
    /^\d{4}-\d\d-\d\dT/,
  );
  await waitFor(
    async () => (await jsonOf(['-n', dest, 'get', 'replicasets', '-l', 'app=web'])).items.length === 2,
    { what: 'a second ReplicaSet of web', timeoutMs: 30_000 },
  );
});

test('app actions run scale takes its parameter; a bad one is a clear error', async () => {
  const bad = await cli([
    'app',
    'actions',
    'run',
    app,
    'scale',
    ...deploy,
    '--resource-name',
    'db',
    '--param',
    'replicas=many',
  ]);
  assert.equal(bad.code, 1, show(bad));
  assert.match(bad.stderr, /replicas, a whole number/);
  const r = await cli([
    'app',
    'actions',
    'run',
    app,
    'scale',
    ...deploy,
    '--resource-name',
    'db',
    '--param',
    'replicas=3',
  ]);
  assert.equal(r.code, 0, show(r));
  assert.equal((await jsonOf(['-n', dest, 'get', 'deployment', 'db'])).spec.replicas, 3);
});

test('a Lua action from argocd-cm (with parameters, merged with the built-ins) runs through the CLI', async () => {
  const config = [
    'mergeBuiltinActions: true',
    'discovery.lua: |',
    '  actions = {}',
    '  actions["set-tier"] = {["params"] = {{["name"] = "tier"}}}',
    '  return actions',
    'definitions:',
    '- name: set-tier',
    '  action.lua: |',
    '    if obj.metadata.labels == nil then obj.metadata.labels = {} end',
    '    obj.metadata.labels["tier"] = actionParams["tier"]',
    '    return obj',
  ].join('\n');
  await applyConfigMap(NS, 'argocd-cm', { 'resource.customizations.actions.apps_Deployment': config });
  const list = await waitFor(
    async () => {
      const r = await cli(['app', 'actions', 'list', app, ...deploy, '--resource-name', 'db']);
      return r.stdout.includes('set-tier') ? r : undefined;
    },
    { what: 'the Lua action to be listed', timeoutMs: 30_000 },
  );
  assert.match(list.stdout, /restart/, 'built-ins stay (mergeBuiltinActions)');
  const r = await cli([
    'app',
    'actions',
    'run',
    app,
    'set-tier',
    ...deploy,
    '--resource-name',
    'db',
    '--param',
    'tier=backend',
  ]);
  assert.equal(r.code, 0, show(r));
  assert.equal((await jsonOf(['-n', dest, 'get', 'deployment', 'db'])).metadata.labels.tier, 'backend');
});

test('app patch-resource patches one resource; app delete-resource deletes one', async () => {
  const p = await cli([
    'app',
    'patch-resource',
    app,
    ...deploy,
    '--resource-name',
    'web',
    '--patch',
    '{"metadata":{"labels":{"patched":"yes"}}}',
  ]);
  assert.equal(p.code, 0, show(p));
  assert.equal((await jsonOf(['-n', dest, 'get', 'deployment', 'web'])).metadata.labels.patched, 'yes');
  const ambiguous = await cli(['app', 'delete-resource', app, ...deploy]);
  assert.equal(ambiguous.code, 2, show(ambiguous));
  assert.match(ambiguous.stderr, /2 resources of .* match/);
  const d = await cli(['app', 'delete-resource', app, ...deploy, '--resource-name', 'db', '--force']);
  assert.equal(d.code, 0, show(d));
  await waitFor(async () => (await kubectl(['-n', dest, 'get', 'deployment', 'db'])).code !== 0, {
    what: 'deployment db to be gone',
    timeoutMs: 30_000,
  });
});

test('a resource action is recorded as a Kubernetes Event on the app, naming who ran it', async () => {
  const r = await cli(['app', 'actions', 'run', app, 'restart', ...deploy, '--resource-name', 'web']);
  assert.equal(r.code, 0, show(r));
  const events = await waitFor(
    async () => {
      const list = await jsonOf([
        '-n',
        NS,
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${app}`,
      ]);
      const ran = (list.items as any[]).filter((e) => e.reason === 'ResourceActionRan');
      return ran.length > 0 ? ran : undefined;
    },
    { what: 'a ResourceActionRan event on the app', timeoutMs: 30_000 },
  );
  const restart = events.find((e) => /^admin ran action restart on Deployment \S*web$/.test(e.message));
  assert.ok(restart, JSON.stringify(events.map((e) => e.message)));
  assert.equal(restart.involvedObject.kind, 'Application');
  assert.equal(restart.source.component, 'driftless-server');
});

test('logs and actions answer 403 to a project role token that may only get the app', async () => {
  const project = await api.admin.getProject('default');
  await api.admin.updateProject({
    ...project,
    spec: {
      ...project.spec,
      roles: [
        {
          name: 'reader',
          policies: ['p, proj:default:reader, applications, get, default/*, allow'],
        },
      ],
    },
  });
  const roleToken = await api.admin.createProjectToken('default', 'reader');
  const asRole: Cli = (args) =>
    runCli(args, { env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: roleToken } });
  const get = await waitFor(
    async () => {
      const g = await asRole(['app', 'get', app]);
      return g.code === 0 ? g : undefined;
    },
    { what: 'the role token to be accepted', timeoutMs: 30_000 },
  );
  assert.match(get.stdout, new RegExp(app));
  const logs = await asRole(['app', 'logs', app, ...deploy, '--name', 'web']);
  assert.equal(logs.code, 1, show(logs));
  assert.match(logs.stderr, /403|permission|denied/i, show(logs));
  assert.match(logs.stderr, /logs/, show(logs));
  const run = await asRole(['app', 'actions', 'run', app, 'restart', ...deploy, '--resource-name', 'web']);
  assert.equal(run.code, 1, show(run));
  assert.match(run.stderr, /action\/apps\/Deployment\/restart/, show(run));
  // The same over the HTTP API: 403, not 404 or 500.
  const headers = { Authorization: `Bearer ${roleToken}` };
  const q = `namespace=${dest}&resourceName=web&kind=Deployment&group=apps`;
  const logsRes = await fetch(`${api.url}/api/v1/applications/${app}/logs?${q}`, { headers });
  assert.equal(logsRes.status, 403);
  const actionRes = await fetch(`${api.url}/api/v1/applications/${app}/resource/actions/v2`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      action: 'restart',
      namespace: dest,
      resourceName: 'web',
      kind: 'Deployment',
      group: 'apps',
    }),
  });
  assert.equal(actionRes.status, 403);
});
