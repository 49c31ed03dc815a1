// Private repositories through the product: `driftless repo add` with a password over HTTPS (a
// loopback git server with its own CA), the declarative ssh repository Secret with known hosts from
// the ConfigMap, refusals (wrong password, unknown CA, unknown host key), rotation without a restart,
// a project-scoped repository, and a planted password absent from logs, API, events and ps.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/common/log.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';
import { applyConfigMap, deploymentYaml, startApi, type RunningApi } from './api-support.js';
import {
  makeTestCA,
  sshdPath,
  startHttpGitServer,
  startSshGitServer,
  type HttpGitServer,
} from './git-servers.js';
import { type CliRun, cliRunner, loginAdmin } from './support/cli.js';
import { randomSuffix } from './support/cluster.js';
import { healthy, synced, waitForApp } from './support/controller.js';
import type { TestRepo } from './support/git-repo.js';
import { kubectlOk } from './support/kubectl.js';
import { service } from './support/manifests.js';
import { sampleProcesses } from './support/process-sampler.js';
import { ControllerSuite } from './support/suite.js';

const s = new ControllerSuite('repos-e2e');
const PAT = `ghp-${randomSuffix(10)}-planted-secret`;
const ROTATED = `ghp-${randomSuffix(10)}-rotated-secret`;
const auth = { username: 'alice', password: PAT };
const logs: string[] = [];
const gitRoot = mkdtempSync(join(tmpdir(), 'driftless-private-git-'));
const xdg = mkdtempSync(join(tmpdir(), 'driftless-repos-cli-'));
const cli = cliRunner(xdg);
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
let api: RunningApi;
let https: HttpGitServer;
let gitopsURL = '';

/** A bare repository `name` under the served root holding the work tree's `main` (HEAD names `head`). */
function publish(repo: TestRepo, name: string, head = 'main'): string {
  const bare = join(gitRoot, name);
  execFileSync('git', ['init', '-q', '--bare', bare]);
  execFileSync('git', ['-C', bare, 'symbolic-ref', 'HEAD', `refs/heads/${head}`]);
  repo.git('push', '-q', bare, 'main');
  return bare;
}

function application(
  name: string,
  repoURL: string,
  path: string,
  dest: string,
  o: { project?: string; rev?: string } = {},
) {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: s.NS },
    spec: {
      project: o.project ?? 'default',
      source: { repoURL, targetRevision: o.rev ?? 'HEAD', path },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
}

const apply = (json: string) => kubectlOk(['apply', '-f', '-'], { input: json });
const conditionMatching =
  (re: RegExp) => (a: { status?: { conditions?: { type: string; message: string }[] } }) =>
    (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError' && re.test(c.message));

before(async () => {
  // The seed's gitops repository: apps/nginx with a kustomization, a Deployment and a Service.
  s.repo.write({
    'apps/nginx/deployment.yaml': deploymentYaml('nginx-deployment', 2),
    'apps/nginx/service.yaml': service('nginx-service'),
    'apps/nginx/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\n',
  });
  s.repo.commit('nginx');
  publish(s.repo, 'my-nginx-gitops.git');
  publish(s.repo, 'team.git');
  const ca = await makeTestCA();
  https = await startHttpGitServer(gitRoot, auth, { tls: ca, delayMs: 100 });
  gitopsURL = `${https.url}/my-nginx-gitops.git`;
  api = await startApi({
    namespace: s.NS,
    log: createLogger({ level: 'debug', format: 'json', write: (l) => logs.push(l) }),
  });
  await applyConfigMap(s.NS, 'argocd-tls-certs-cm', { '127.0.0.1': ca.caCert });
  await loginAdmin(cli, api.url, api.adminPassword);
  await api.admin.login('admin', api.adminPassword);
});

after(async () => {
  await s.teardown(api.running);
  await https.close();
  rmSync(gitRoot, { recursive: true, force: true });
  rmSync(xdg, { recursive: true, force: true });
});

test('repo add refuses a wrong password with git’s error and stores nothing', async () => {
  const r = await cli(['repo', 'add', gitopsURL, '--username', 'alice', '--password', 'not-the-pat']);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /cannot connect to repository .*my-nginx-gitops\.git.*Authentication failed/s);
  const secrets = await kubectlOk([
    '-n',
    s.NS,
    'get',
    'secrets',
    '-l',
    'argocd.argoproj.io/secret-type=repository',
    '-o',
    'name',
  ]);
  assert.equal(secrets.trim(), '');
});

test('repo add with username and password, then the seed’s Application is Synced and Healthy (ps never shows the password)', async () => {
  const add = await cli(['repo', 'add', gitopsURL, '--username', 'alice', '--password', PAT]);
  assert.equal(add.code, 0, show(add));
  const list = await cli(['repo', 'list']);
  assert.match(list.stdout, /STATUS\s+MESSAGE/);
  assert.match(list.stdout, new RegExp(`${gitopsURL.replace(/[.]/g, '\\.')}.*Successful`));
  const sampler = sampleProcesses();
  const app = s.app('my-nginx-app');
  await apply(application(app, gitopsURL, 'apps/nginx', s.destNs('nginx')));
  await waitForApp(s.NS, app, 'Synced and Healthy', (a) => synced(a) && healthy(a), 120_000);
  await sampler.stop();
  const gitSeen = sampler.seen().filter((p) => p.startsWith('git ') && p.includes('my-nginx-gitops'));
  assert.ok(gitSeen.length > 0, 'the sampler saw the git processes of the fetch');
  assert.deepEqual(
    sampler.seen().filter((p) => p.includes(PAT)),
    [],
  );
});

test('an untrusted certificate is a clear ComparisonError, and repo add refuses it', async () => {
  const untrusted = gitopsURL.replace('127.0.0.1', 'localhost'); // argocd-tls-certs-cm names 127.0.0.1 only
  const add = await cli(['repo', 'add', untrusted, '--username', 'alice', '--password', PAT]);
  assert.equal(add.code, 1, show(add));
  assert.match(add.stderr, /certificate/i);
  assert.match(add.stderr, /argocd-tls-certs-cm/);
  const app = s.app('bad-ca');
  await apply(application(app, untrusted, 'apps/nginx', s.destNs('bad-ca')));
  await waitForApp(s.NS, app, 'a certificate ComparisonError', conditionMatching(/certificate/i));
});

test('a rotated password applies without a restart', async () => {
  const app = s.app('my-nginx-app');
  auth.password = ROTATED; // the git server now wants the new token only
  s.repo.write({ 'apps/nginx/deployment.yaml': deploymentYaml('nginx-deployment', 3) });
  s.repo.commit('scale to 3');
  s.repo.git('push', '-q', join(gitRoot, 'my-nginx-gitops.git'), 'main');
  await kubectlOk([
    '-n',
    s.NS,
    'annotate',
    'applications.argoproj.io',
    app,
    'argocd.argoproj.io/refresh=hard',
    '--overwrite',
  ]);
  await waitForApp(
    s.NS,
    app,
    'an authentication ComparisonError',
    conditionMatching(/Authentication failed/),
  );
  const upsert = await cli(
    ['repo', 'add', gitopsURL, '--username', 'alice', '--password-stdin', '--upsert'],
    {
      input: `${ROTATED}\n`,
    },
  );
  assert.equal(upsert.code, 0, show(upsert));
  const dest = s.namespaces.find('nginx') ?? '';
  await waitForApp(
    s.NS,
    app,
    'Synced at 3 replicas',
    (a) => synced(a) && (a.status?.conditions ?? []).length === 0,
    120_000,
  );
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', 'nginx-deployment', '-o', 'jsonpath={.spec.replicas}']),
    '3',
  );
});

test('a project-scoped repository is used by its project and refused to another', async () => {
  for (const p of ['team-a', 'team-b'])
    await apply(
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: p, namespace: s.NS },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ server: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      }),
    );
  const teamURL = `${https.url}/team.git`;
  const add = await cli([
    'repo',
    'add',
    teamURL,
    '--username',
    'alice',
    '--password',
    ROTATED,
    '--project',
    'team-a',
  ]);
  assert.equal(add.code, 0, show(add));
  const other = s.app('team-b-app');
  await apply(application(other, teamURL, 'apps/nginx', s.destNs('team-b'), { project: 'team-b' }));
  await waitForApp(s.NS, other, 'refused to team-b', conditionMatching(/registered for project team-a only/));
  const own = s.app('team-a-app');
  await apply(application(own, teamURL, 'apps/nginx', s.destNs('team-a'), { project: 'team-a' }));
  await waitForApp(s.NS, own, 'Synced', synced, 120_000);
});

test(
  'the declarative ssh repository Secret works once the host key is in argocd-ssh-known-hosts-cm',
  {
    skip: !sshdPath
      ? missingTool('sshd', 'apt-get install openssh-server')
      : process.getuid?.() !== 0
        ? 'sshd on loopback needs root'
        : false,
  },
  async () => {
    const sshd = await startSshGitServer();
    try {
      // A self-hosted server's bare repository: HEAD names `master`, only `main` was pushed.
      const bare = publish(s.repo, 'k8s-manifests.git', 'master');
      const url = `ssh://root@127.0.0.1:${sshd.port}${bare}`;
      await apply(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: 'platform-manifests-repo',
            namespace: s.NS,
            labels: { 'argocd.argoproj.io/secret-type': 'repository' },
          },
          stringData: { type: 'git', url, sshPrivateKey: sshd.clientKey },
        }),
      );
      const app = s.app('platform-api');
      await apply(application(app, url, 'apps/nginx', s.destNs('platform-api'), { rev: 'main' }));
      await waitForApp(
        s.NS,
        app,
        'an unknown host key ComparisonError',
        conditionMatching(/Host key verification failed/),
      );
      await applyConfigMap(s.NS, 'argocd-ssh-known-hosts-cm', { ssh_known_hosts: sshd.knownHosts });
      await waitForApp(s.NS, app, 'Synced and Healthy', (a) => synced(a) && healthy(a), 120_000);
      const list = await cli(['repo', 'list', '-o', 'json']);
      const repo = (JSON.parse(list.stdout) as { repo: string; connectionState: { status: string } }[]).find(
        (r) => r.repo === url,
      );
      assert.equal(repo?.connectionState.status, 'Successful', list.stdout);
      assert.ok(!list.stdout.includes('PRIVATE KEY'));
    } finally {
      await sshd.close();
    }
  },
);

test('the planted passwords appear in no log line, API answer, Application or Event', async () => {
  assert.ok(logs.length > 0, 'the server logged');
  const texts = [
    logs.join('\n'),
    JSON.stringify(await api.admin.listRepositories({ forceRefresh: true })),
    JSON.stringify(await api.admin.listRepoCreds()),
    (await cli(['repo', 'list', '-o', 'yaml'])).stdout,
    await kubectlOk(['-n', s.NS, 'get', 'applications.argoproj.io', '-o', 'json']),
    await kubectlOk(['get', 'events', '-A', '-o', 'json']),
  ];
  for (const secret of [PAT, ROTATED])
    for (const t of texts) assert.ok(!t.includes(secret), `found a planted secret in: ${t.slice(0, 200)}`);
});
