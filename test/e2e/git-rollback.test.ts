// `driftless app rollback --git` through the real CLI against Driftless started by the composition root,
// with the configuration repository served over HTTPS with write credentials: with auto-sync on, a bad
// image commit is reverted in Git and the app returns to the previous image; a project that requires
// review gets a branch instead, and the app's branch is left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix, waitFor } from './support/cluster.js';
import { serverCli, showRun as show } from './support/cli.js';
import { getApp } from './support/controller.js';
import { deploymentImage, kubectl, kubectlOk } from './support/kubectl.js';
import { startServedRepo, type ServedRepo } from './support/served-repo.js';
import { startApi, type RunningApi } from './api-support.js';

const NS = `gitrb-e2e-${randomSuffix()}`;
const app = `gitrb-${randomSuffix()}`;
const dest = `gitrb-dest-${randomSuffix()}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-gitrb-e2e-'));
let api: RunningApi;
let served: ServedRepo;
let token = '';
const cli = serverCli(xdg, () => ({ url: api.url, token }));

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

const liveImage = () => deploymentImage(dest, 'web');

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
  served = await startServedRepo();
  good = served.push({ 'app/web.yaml': web('nginx:1.26') }, 'web on 1.26');
  const { url, auth } = served;
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  await served.trustIn(NS);
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
  bad = served.push({ 'app/web.yaml': web('nginx:1.27-broken') }, 'web on 1.27 (broken)');
  await deployed(bad, 'nginx:1.27-broken');
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', app, '--wait=false']);
  await api.stop();
  await served.close();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  rmSync(xdg, { recursive: true, force: true });
});

test('rollback --git with auto-sync on pushes one revert commit and the app returns to the previous image', async () => {
  const r = await cli([
    'app',
    'rollback',
    app,
    '--git',
    '--author',
    'On-call <oncall@example.com>',
    '--timeout',
    '300',
    '-o',
    'json',
  ]);
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
  // One commit on top of the bad one, by the --author given, restoring the good file.
  assert.equal(served.git('rev-parse', 'main'), out.sha);
  assert.equal(served.git('rev-parse', `${out.sha}^`), bad);
  assert.equal(served.git('log', '-1', '--format=%an <%ae>', out.sha), 'On-call <oncall@example.com>');
  assert.match(served.git('log', '-1', '--format=%B', out.sha), /Requested-by: admin/);
  assert.equal(served.git('show', `${out.sha}:app/web.yaml`), web('nginx:1.26').trim());
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
  const before = served.git('rev-parse', 'main');
  const r = await cli(['app', 'rollback', app, '--git', '--to', good]);
  // Deployed is the revert (same content as `good`): reverting it back to `good` changes no file.
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /changes no file/, show(r));
  const fix = served.push({ 'app/web.yaml': web('nginx:1.28-broken') }, 'web on 1.28 (broken)');
  await deployed(fix, 'nginx:1.28-broken');
  const review = await cli(['app', 'rollback', app, '--git']);
  assert.equal(review.code, 0, show(review));
  assert.match(review.stdout, /review branch [0-9a-f]{8} pushed to driftless\/rollback-/, show(review));
  const branch = /pushed to (\S+)/.exec(review.stdout)?.[1] ?? '';
  assert.equal(served.git('rev-parse', `${branch}^`), fix);
  assert.equal(served.git('rev-parse', 'main'), fix);
  assert.notEqual(before, fix);
  assert.equal(await liveImage(), 'nginx:1.28-broken');
});
