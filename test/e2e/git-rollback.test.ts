// `driftless app rollback --git` through the real CLI against Driftless started by the composition root,
// with the configuration repository served over HTTPS with write credentials: with auto-sync on, a bad
// image commit is reverted in Git and the app returns to the previous image; a project that requires
// review gets a branch instead, and the app's branch is left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix, waitFor } from './support/cluster.js';
import { cliRunner, type Cli, type CliRun } from './support/cli.js';
import { getApp } from './support/controller.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { makeTestCA, startHttpGitServer, type HttpGitServer } from './git-servers.js';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';

const NS = `gitrb-e2e-${randomSuffix()}`;
const app = `gitrb-${randomSuffix()}`;
const dest = `gitrb-dest-${randomSuffix()}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-gitrb-e2e-'));
const gitRoot = mkdtempSync(join(tmpdir(), 'driftless-gitrb-served-'));
const bare = join(gitRoot, 'config.git');
const auth = { username: 'ci-bot', password: `pat-${randomSuffix(12)}` };
const repo = new TestRepo();
let api: RunningApi;
let https: HttpGitServer;
let url = '';
const runCli = cliRunner(xdg);
let token = '';
const cli: Cli = (args, opts = {}) =>
  runCli(args, { ...opts, env: { DRIFTLESS_SERVER: api.url, DRIFTLESS_AUTH_TOKEN: token } });
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const inBare = (...args: string[]) => execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8' }).trim();

const web = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: ${image}
`;

const liveImage = async () =>
  (
    await kubectl([
      '-n',
      dest,
      'get',
      'deployment',
      'web',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ])
  ).stdout.trim();

/** Commits in the work tree and pushes to the served repository, as a developer or CI would. */
function push(files: Record<string, string>, message: string): string {
  // Commits Driftless pushed come first, as for anyone who pulls before pushing.
  if (good) repo.git('pull', '-q', '--ff-only', bare, 'main');
  repo.write(files);
  const sha = repo.commit(message);
  repo.git('push', '-q', bare, 'main');
  return sha;
}

async function deployed(sha: string, image: string): Promise<void> {
  await waitFor(
    async () => {
      const a = await getApp(NS, app);
      return (
        a.status?.sync?.status === 'Synced' &&
        a.status.history?.at(-1)?.revision === sha &&
        (await liveImage()) === image
      );
    },
    { what: `${app} deployed at ${sha.slice(0, 8)} with ${image}`, timeoutMs: 180_000 },
  );
}

let good = '';
let bad = '';

before(async () => {
  execFileSync('git', ['init', '-q', '--bare', bare]);
  execFileSync('git', ['-C', bare, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  good = push({ 'app/web.yaml': web('nginx:1.26') }, 'web on 1.26');
  const ca = await makeTestCA();
  https = await startHttpGitServer(gitRoot, auth, { tls: ca });
  url = `${https.url}/config.git`;
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  await applyConfigMap(NS, 'argocd-tls-certs-cm', { '127.0.0.1': ca.caCert });
  token = await api.admin.login('admin', api.adminPassword);
  for (const args of [
    ['repo', 'add', url, '--username', auth.username, '--password', auth.password],
    [
      'app',
      'create',
      app,
      '--repo',
      url,
      '--path',
      'app',
      '--revision',
      'main',
      '--dest-server',
      'https://kubernetes.default.svc',
      '--dest-namespace',
      dest,
      '--sync-option',
      'CreateNamespace=true',
      '--sync-policy',
      'automated',
    ],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 0, show(r));
  }
  await deployed(good, 'nginx:1.26');
  bad = push({ 'app/web.yaml': web('nginx:1.27-broken') }, 'web on 1.27 (broken)');
  await deployed(bad, 'nginx:1.27-broken');
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await https.close();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
  rmSync(gitRoot, { recursive: true, force: true });
  rmSync(xdg, { recursive: true, force: true });
});

test('rollback --git with auto-sync on pushes one revert commit and the app returns to the previous image', async () => {
  const r = await cli(['app', 'rollback', app, '--git', '--timeout', '300', '-o', 'json']);
  assert.equal(r.code, 0, show(r));
  const out = JSON.parse(r.stdout) as {
    sha: string;
    branch: string;
    target: string;
    deployed: string;
    status: string;
  };
  assert.equal(out.branch, 'main', show(r));
  assert.equal(out.target, good);
  assert.equal(out.deployed, bad);
  assert.equal(out.status, 'synced');
  assert.match(r.stderr, /waiting until .* is Synced/, show(r));
  // One commit on top of the bad one, written by Driftless, restoring the good file.
  assert.equal(inBare('rev-parse', 'main'), out.sha);
  assert.equal(inBare('rev-parse', `${out.sha}^`), bad);
  assert.equal(inBare('log', '-1', '--format=%an', out.sha), 'Driftless');
  assert.match(inBare('log', '-1', '--format=%B', out.sha), /Requested-by: admin/);
  assert.equal(inBare('show', `${out.sha}:app/web.yaml`), web('nginx:1.26').trim());
  await deployed(out.sha, 'nginx:1.26');
});

test('a project that requires review gets a branch; the app and its branch stay as they are', async () => {
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'appproject',
    'default',
    'driftless.io/git-write=review',
    '--overwrite',
  ]);
  const before = inBare('rev-parse', 'main');
  const r = await cli(['app', 'rollback', app, '--git', '--to', good]);
  // Deployed is the revert (same content as `good`): reverting it back to `good` changes no file.
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /changes no file/, show(r));
  const fix = push({ 'app/web.yaml': web('nginx:1.28-broken') }, 'web on 1.28 (broken)');
  await deployed(fix, 'nginx:1.28-broken');
  const review = await cli(['app', 'rollback', app, '--git']);
  assert.equal(review.code, 0, show(review));
  assert.match(review.stdout, /review branch [0-9a-f]{8} pushed to driftless\/rollback-/, show(review));
  const branch = /pushed to (\S+)/.exec(review.stdout)?.[1] ?? '';
  assert.equal(inBare('rev-parse', `${branch}^`), fix);
  assert.equal(inBare('rev-parse', 'main'), fix);
  assert.notEqual(before, fix);
  assert.equal(await liveImage(), 'nginx:1.28-broken');
});
