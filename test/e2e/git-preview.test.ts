// `driftless preview` through the real CLI against Driftless started by the composition root: a branch
// that changes replicas, removes a ConfigMap and rotates a Secret is previewed for the app that follows
// main (rendered at both commits, the head dry-run against the cluster), Secret values redacted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix } from './support/cluster.js';
import { cliRunner, type Cli, type CliRun } from './support/cli.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { waitFor } from './support/wait.js';
import { configMap } from './support/manifests.js';
import { deploymentYaml, startApi, type RunningApi } from './api-support.js';

const NS = `preview-e2e-${randomSuffix()}`;
const app = `preview-${randomSuffix()}`;
const other = `preview-other-${randomSuffix()}`;
const dest = `preview-dest-${randomSuffix()}`;
const setName = `preview-set-${randomSuffix(4)}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-preview-e2e-'));
const repo = new TestRepo();
let api: RunningApi;
const runCli = cliRunner(xdg);
let token = '';
const cli: Cli = (args, opts = {}) =>
  runCli(args, { ...opts, env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: token } });
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const secret = (password: string) => `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
stringData:
  password: ${password}
`;

before(async () => {
  repo.write({
    'app/web.yaml': deploymentYaml('web', 2),
    'app/settings.yaml': configMap('settings', 'blue'),
    'app/secret.yaml': secret('old-pass-4711'),
    'other/web.yaml': deploymentYaml('other-web', 1),
    'sets/a/web.yaml': deploymentYaml('set-web', 1),
  });
  repo.commit('web, settings and credentials');
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  token = await api.admin.login('admin', api.adminPassword);
  for (const [name, path] of [
    [app, 'app'],
    [other, 'other'],
  ] as const) {
    const create = await cli([
      'app',
      'create',
      name,
      '--repo',
      repo.url,
      '--path',
      path,
      '--revision',
      'main',
      '--dest-server',
      'https://kubernetes.default.svc',
      '--dest-namespace',
      dest,
      '--sync-option',
      'CreateNamespace=true',
    ]);
    assert.equal(create.code, 0, show(create));
  }
  for (const args of [
    ['app', 'sync', app, '--timeout', '180'],
    ['app', 'wait', app, '--health', '--timeout', '180'],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 0, show(r));
  }
  // The change under review, on its own branch: 3 replicas, no ConfigMap, a new password.
  repo.git('checkout', '-q', '-b', 'feature-x');
  repo.write({ 'app/web.yaml': deploymentYaml('web', 3), 'app/secret.yaml': secret('new-pass-0815') });
  repo.remove('app/settings.yaml');
  repo.commit('scale web, drop settings, rotate the password');
  repo.git('checkout', '-q', 'main');
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'applicationset', setName, '--wait=false']);
  await kubectl(['-n', NS, 'delete', 'application', app, other, `${setName}-a`, '--wait=false']);
  await api.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(xdg, { recursive: true, force: true });
});

test('preview prints the replica change and the pruned ConfigMap for the touched app, exit 1, Secrets redacted', async () => {
  const r = await cli(['preview', '--repo', repo.url, '--base', 'main', '--head', 'feature-x']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /^## Driftless preview: `main` → `feature-x`$/m, show(r));
  assert.match(r.stdout, new RegExp(`^### ${app} \\(project default\\)$`, 'm'), show(r));
  assert.match(r.stdout, /^\| `spec\.replicas` \| `2` \| `3` \|$/m, show(r));
  assert.match(r.stdout, new RegExp(`pruned \`ConfigMap/${dest}/settings\``), show(r));
  assert.match(r.stdout, new RegExp(`changed \`Secret/${dest}/db-credentials\``), show(r));
  // The app at another path of the same repository is not touched by the change.
  assert.equal(r.stdout.includes(other), false, show(r));
  for (const v of ['old-pass-4711', 'new-pass-0815', Buffer.from('new-pass-0815').toString('base64')])
    assert.equal(r.stdout.includes(v), false, `secret value ${v} leaked:\n${show(r)}`);
  assert.match(r.stderr, /rendering both revisions/, show(r));

  const j = await cli(['preview', '--repo', repo.url, '--head', 'feature-x', '-o', 'json']);
  assert.equal(j.code, 1, show(j));
  const body = JSON.parse(j.stdout) as {
    changedFiles: string[];
    apps: { name: string; added: unknown[]; pruned: { kind: string; name: string }[]; refused: unknown[] }[];
  };
  assert.deepEqual(body.changedFiles.sort(), ['app/secret.yaml', 'app/settings.yaml', 'app/web.yaml']);
  assert.deepEqual(
    body.apps.map((a) => a.name),
    [app],
  );
  assert.deepEqual(
    body.apps[0]?.pruned.map((k) => `${k.kind}/${k.name}`),
    ['ConfigMap/settings'],
  );
  assert.deepEqual(body.apps[0]?.refused, []);
  // The live cluster is untouched by a preview.
  const live = await kubectl(['-n', dest, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
  assert.equal(live.stdout.trim(), '2');
});

test('preview of a branch that changes nothing any app renders exits 0; an unknown branch exits 2', async () => {
  repo.git('checkout', '-q', '-b', 'docs-only');
  repo.write({ 'README.md': 'docs\n' });
  repo.commit('docs');
  repo.git('checkout', '-q', 'main');
  const r = await cli(['preview', '--repo', repo.url, '--base', 'main', '--head', 'docs-only']);
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /No application changes\./, show(r));
  const bad = await cli(['preview', '--repo', repo.url, '--head', 'no-such-branch']);
  assert.equal(bad.code, 2, show(bad));
  assert.match(bad.stderr, /no-such-branch/, show(bad));
});

test('an app an ApplicationSet generated from a git directory is previewed like any app; a new directory is not (no app yet)', async () => {
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: setName, namespace: NS },
      spec: {
        generators: [{ git: { repoURL: repo.url, revision: 'main', directories: [{ path: 'sets/*' }] } }],
        template: {
          metadata: { name: `${setName}-{{path.basename}}` },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: 'main', path: '{{path}}' },
            destination: { server: 'https://kubernetes.default.svc', namespace: dest },
            syncPolicy: { syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    }),
  });
  const generated = `${setName}-a`;
  await waitFor(
    async () => (await kubectl(['-n', NS, 'get', 'application', generated])).code === 0 || undefined,
    {
      what: `the ApplicationSet to generate ${generated}`,
      timeoutMs: 120_000,
    },
  );
  const sync = await cli(['app', 'sync', generated, '--timeout', '180']);
  assert.equal(sync.code, 0, show(sync));
  repo.git('checkout', '-q', '-b', 'feature-set');
  repo.write({
    'sets/a/web.yaml': deploymentYaml('set-web', 4),
    'sets/b/web.yaml': deploymentYaml('set-web-b', 1),
  });
  repo.commit('scale set-web, add a directory b');
  repo.git('checkout', '-q', 'main');
  const r = await cli([
    'preview',
    '--repo',
    repo.url,
    '--base',
    'main',
    '--head',
    'feature-set',
    '-o',
    'json',
  ]);
  assert.equal(r.code, 1, show(r));
  const body = JSON.parse(r.stdout) as { changedFiles: string[]; apps: { name: string }[] };
  assert.deepEqual(body.changedFiles.sort(), ['sets/a/web.yaml', 'sets/b/web.yaml']);
  assert.deepEqual(
    body.apps.map((a) => a.name),
    [generated],
    'the generated app is previewed; sets/b has no Application until the change is merged',
  );
  const md = await cli(['preview', '--repo', repo.url, '--base', 'main', '--head', 'feature-set']);
  assert.equal(md.code, 1, show(md));
  assert.match(md.stdout, /^\| `spec\.replicas` \| `1` \| `4` \|$/m, show(md));
});
