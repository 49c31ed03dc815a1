// The repo service as its own process, as argocd-repo-server: `driftless server --component repo-server`
// (no kubeconfig, no service-account token) and `driftless server --repo-server ADDR` pointed at it, here
// over plain HTTP (--disable-tls / --repo-server-plaintext; TLS in repo-server-tls.test.ts). A private
// repository's password reaches the repo server only with each call; a Jsonnet app renders there; while
// the repo server is down apps carry a ComparisonError and nothing is pruned.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deploymentYaml } from './api-support.js';
import { freePort, startHttpGitServer, type HttpGitServer } from './git-servers.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { comparisonErrorMatching, healthy, synced, waitForApp } from './support/controller.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { service } from './support/manifests.js';
import { repoServerToken, startServerProcess, type ServerProcess } from './support/server-process.js';
import { TestNamespaces } from './support/fixtures.js';
import { TestRepo } from './support/git-repo.js';

const NS = `reposrv-${randomSuffix()}`;
const PASSWORD = `pat-${randomSuffix(10)}-planted`;
const namespaces = new TestNamespaces();
const repo = new TestRepo();
const gitRoot = mkdtempSync(join(tmpdir(), 'driftless-reposrv-git-'));
const emptyHome = mkdtempSync(join(tmpdir(), 'driftless-reposrv-home-'));
const repoCache = mkdtempSync(join(tmpdir(), 'driftless-reposrv-cache-'));
const run = randomSuffix(4);
let git: HttpGitServer;
let repoURL = '';
let repoServerPort = 0;
let token = '';
let controller: ServerProcess;
let repoServer: ServerProcess | undefined;

/** The repo server as the install runs it: no --kubeconfig, no kubeconfig to find, the token in its environment. */
function startRepoServer(): Promise<ServerProcess> {
  return startServerProcess({
    namespace: NS,
    kubeconfig: null,
    port: repoServerPort,
    cacheDir: repoCache,
    extraArgs: ['--component', 'repo-server', '--render-sandbox', 'auto', '--disable-tls'],
    env: {
      DRIFTLESS_REPO_SERVER_TOKEN: token,
      KUBECONFIG: join(emptyHome, 'no-such-kubeconfig'),
      HOME: emptyHome,
    },
  });
}

function application(name: string, path: string, dest: string): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: NS },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: 'HEAD', path },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
}

before(async () => {
  repo.write({
    'apps/web/deployment.yaml': deploymentYaml('web', 1),
    'apps/web/service.yaml': service('web'),
    'apps/jsonnet/main.jsonnet': `local name = 'from-jsonnet';
[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, data: { answer: std.toString(6 * 7) } }]
`,
  });
  repo.commit('web and jsonnet');
  const bare = join(gitRoot, 'private.git');
  execFileSync('git', ['init', '-q', '--bare', bare]);
  execFileSync('git', ['-C', bare, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  repo.git('push', '-q', bare, 'main');
  git = await startHttpGitServer(gitRoot, { username: 'alice', password: PASSWORD });
  repoURL = `${git.url}/private.git`;
  repoServerPort = await freePort();
  await kubectlOk(['create', 'namespace', NS]);
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'private-repo',
        namespace: NS,
        labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      },
      stringData: { url: repoURL, username: 'alice', password: PASSWORD },
    }),
  });
  // The controller and API first: with no token in its environment it creates the Secret the repo server reads.
  controller = await startServerProcess({
    namespace: NS,
    extraArgs: [
      '--insecure',
      '--install-crds',
      '--repo-server',
      `127.0.0.1:${repoServerPort}`,
      '--repo-server-plaintext',
    ],
  });
  token = await repoServerToken(NS, 30_000);
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await repoServer?.stop();
  await controller.stop();
  await namespaces.cleanup(NS);
  await git.close();
  repo.cleanup();
  for (const d of [gitRoot, emptyHome, repoCache]) rmSync(d, { recursive: true, force: true });
});

test('without the repo server an app has a ComparisonError naming it; once it runs the app syncs from the private repository', async () => {
  const app = `web-${run}`;
  await kubectlOk(['apply', '-f', '-'], { input: application(app, 'apps/web', namespaces.next('web')) });
  await waitForApp(
    NS,
    app,
    'a ComparisonError naming the repo server',
    comparisonErrorMatching(/repo server at 127\.0\.0\.1:\d+ is not available/),
  );
  repoServer = await startRepoServer();
  await waitForApp(
    NS,
    app,
    'Synced and Healthy through the repo server',
    (a) => synced(a) && healthy(a),
    120_000,
  );
  // The repo server read no cluster: it never printed the controller's "connected" line.
  assert.doesNotMatch(repoServer.output(), /"msg":"connected"/);
  assert.match(repoServer.output(), /"component":"repo-server"/);
});

test('a Jsonnet app renders in the repo server', async () => {
  const app = `jsonnet-${run}`;
  const dest = namespaces.next('jsonnet');
  await kubectlOk(['apply', '-f', '-'], { input: application(app, 'apps/jsonnet', dest) });
  await waitForApp(NS, app, 'Synced', synced, 120_000);
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'configmap', 'from-jsonnet', '-o', 'jsonpath={.data.answer}']),
    '42',
  );
});

test('the repo-server API refuses a caller without the token', async () => {
  const url = `http://127.0.0.1:${repoServerPort}`;
  const body = JSON.stringify({ args: [repoURL, 'HEAD'], settings: [] });
  const anonymous = await fetch(`${url}/repo.v1/resolveRevision`, { method: 'POST', body });
  assert.equal(anonymous.status, 401);
  const wrong = await fetch(`${url}/repo.v1/resolveRevision`, {
    method: 'POST',
    body,
    headers: { Authorization: `Bearer ${token}x` },
  });
  assert.equal(wrong.status, 401);
  // With the token but without the credentials (they come with each call from the controller): git refuses.
  const noCreds = await fetch(`${url}/repo.v1/resolveRevision`, {
    method: 'POST',
    body,
    headers: { Authorization: `Bearer ${token}` },
  });
  const reply = (await noCreds.json()) as { error?: { type: string; reason: string } };
  assert.equal(reply.error?.type, 'GitError');
  assert.equal(reply.error?.reason, 'AuthenticationFailed');
  assert.equal((await fetch(`${url}/readyz`)).status, 200);
});

test('while the repo server is down a new commit is a ComparisonError and nothing is pruned; back up, it syncs', async () => {
  const app = `web-${run}`;
  const dest = namespaces.find('web') ?? '';
  await repoServer?.stop();
  repoServer = undefined;
  repo.remove('apps/web/service.yaml');
  repo.write({ 'apps/web/deployment.yaml': deploymentYaml('web', 2) });
  repo.commit('scale to 2, drop the service');
  repo.git('push', '-q', join(gitRoot, 'private.git'), 'main');
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    app,
    'argocd.argoproj.io/refresh=hard',
    '--overwrite',
  ]);
  await waitForApp(
    NS,
    app,
    'a repo-server ComparisonError',
    comparisonErrorMatching(/repo server .* is not available/),
  );
  assert.equal((await kubectl(['-n', dest, 'get', 'service', 'web'])).code, 0, 'the Service was not pruned');
  repoServer = await startRepoServer();
  await waitForApp(
    NS,
    app,
    'Synced at 2 replicas without the Service',
    (a) => synced(a) && (a.status?.conditions ?? []).length === 0,
    120_000,
  );
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']),
    '2',
  );
  await waitFor(async () => (await kubectl(['-n', dest, 'get', 'service', 'web'])).code !== 0, {
    what: 'the removed Service to be pruned',
    timeoutMs: 60_000,
  });
  // The password went to the repo server only inside calls: neither process printed it.
  assert.doesNotMatch(controller.output() + (repoServer.output() ?? ''), new RegExp(PASSWORD));
});
