// Day-2 commands through the real CLI against Driftless started by the composition root on the real control
// plane: `app logs` (kwok serves every container's log from one file), resource actions, deleting and patching
// one resource.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendContainerLog, randomSuffix, waitFor } from './support/cluster.js';
import { cliRunner, type Cli, type CliRun } from './support/cli.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl } from './support/kubectl.js';
import { deploymentYaml, startApi, type RunningApi } from './api-support.js';

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
