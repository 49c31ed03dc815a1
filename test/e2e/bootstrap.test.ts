// `driftless bootstrap` on the real control plane: Driftless installed from the CLI, then managing itself
// from Git (an upgrade is a commit), and `driftless admin export|import` restoring what a backup holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { packageRoot } from '../../src/common/package-root.js';
import type { KubeObject } from '../../src/model/index.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { e2eKubeconfig, randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { repoServerToken, startServerProcess, type ServerProcess } from './support/server-process.js';
import { freePort } from './git-servers.js';

const s = randomSuffix();
const NS = `drl-boot-${s}`;
const ROOT = `driftless-${s}`;
const work = mkdtempSync(join(tmpdir(), 'driftless-bootstrap-e2e-'));
const cli = cliRunner(work);
const repo = new TestRepo();
let server: ServerProcess | undefined;
let repoServer: ServerProcess | undefined;
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
const kube = ['--kubeconfig', e2eKubeconfig(), '-n', NS];

/** The install file bootstrap committed, with the API server's replicas changed (what a user's commit does). */
function withServerReplicas(text: string, replicas: number): string {
  return parseAllDocuments(text)
    .map((d) => {
      const o = d.toJS() as KubeObject & { spec?: { replicas?: number } };
      if (o.kind === 'Deployment' && o.metadata.name === 'driftless-server' && o.spec)
        o.spec.replicas = replicas;
      return stringify(o, { lineWidth: 0 });
    })
    .join('---\n');
}
const INSTALL_FILE = 'clusters/hub/install.yaml';

const serverReplicas = async () =>
  (await kubectl(['-n', NS, 'get', 'deployment', 'driftless-server', '-o', 'jsonpath={.spec.replicas}']))
    .stdout;

before(() => {
  repo.write({ 'README.md': 'fleet\n' }).commit('start');
  // A pushed branch updates the files too (the repository stands in for a Git server).
  repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
});
after(async () => {
  await server?.stop();
  await repoServer?.stop();
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await kubectl(['delete', 'namespace', NS, '--wait=false']);
  // The cluster-wide RBAC bootstrap created (CRDs stay: every install shares them).
  for (const d of parseAllDocuments(readFileSync(join(packageRoot(), 'deploy', 'install.yaml'), 'utf8'))) {
    const o = d.toJS() as KubeObject;
    if (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')
      await kubectl(['delete', o.kind, o.metadata.name ?? '', '--wait=false']);
  }
  repo.cleanup();
});

test('bootstrap installs into the cluster and creates the root Application; a dry run writes nothing', async () => {
  const base = ['bootstrap', '--repo', repo.url, '--path', 'clusters/hub', '--app-name', ROOT, ...kube];
  const dry = await cli([...base, '--dry-run', '-o', 'json']);
  assert.equal(dry.code, 0, show(dry));
  assert.equal((JSON.parse(dry.stdout) as { dryRun: boolean }).dryRun, true);
  assert.notEqual((await kubectl(['get', 'namespace', NS])).code, 0, 'a dry run creates nothing');

  const run = await cli([...base, '--write-manifests']);
  assert.equal(run.code, 0, show(run));
  assert.equal(
    repo.git('log', '-1', '--format=%an|%s', '--', INSTALL_FILE).split('|')[0],
    'Driftless bootstrap',
  );
  const committed = readFileSync(join(repo.dir, INSTALL_FILE), 'utf8');
  assert.match(
    committed,
    new RegExp(`kind: Application\\n[^]*name: ${ROOT}`),
    'the root Application manages itself',
  );
  const again = await cli([...base, '--write-manifests']);
  assert.equal(again.code, 0, show(again));
  assert.match(again.stderr, /already current in Git/);
  assert.match(run.stdout, new RegExp(`Application '${ROOT}' now manages it`));
  assert.match(run.stderr, /CustomResourceDefinitions/);
  await kubectlOk([
    '-n',
    NS,
    'get',
    'statefulset/driftless-application-controller',
    'deployment/driftless-server',
  ]);
  assert.equal(await serverReplicas(), '2');
  const app = JSON.parse(
    await kubectlOk(['-n', NS, 'get', 'applications.argoproj.io', ROOT, '-o', 'json']),
  ) as {
    metadata: { finalizers?: string[] };
    spec: { source: { path: string }; syncPolicy: { automated: { selfHeal: boolean; prune: boolean } } };
  };
  assert.equal(app.spec.source.path, 'clusters/hub');
  assert.deepEqual(app.spec.syncPolicy.automated, { prune: false, selfHeal: true });
  assert.equal(app.metadata.finalizers, undefined, 'deleting the root app never deletes Driftless');
});

test('Driftless then manages itself from Git: the root app syncs and a commit changes the install', async () => {
  // The components as their pods would run them (kwok runs no containers): local processes in that
  // namespace, the repo server on its own as install.yaml's argocd-cmd-params-cm (repo.server) expects.
  const repoServerPort = await freePort();
  server = await startServerProcess({
    namespace: NS,
    extraArgs: ['--insecure', `--repo-server=127.0.0.1:${repoServerPort}`],
  });
  const token = await repoServerToken(NS, 60_000);
  repoServer = await startServerProcess({
    namespace: NS,
    kubeconfig: null,
    port: repoServerPort,
    extraArgs: ['--component=repo-server'],
    env: { DRIFTLESS_REPO_SERVER_TOKEN: token, KUBECONFIG: join(work, 'none'), HOME: work },
  });
  await waitFor(
    async () => {
      const r = await kubectl([
        '-n',
        NS,
        'get',
        'applications.argoproj.io',
        ROOT,
        '-o',
        'jsonpath={.status.sync.status}',
      ]);
      return r.stdout === 'Synced';
    },
    { what: 'the root Application Synced', timeoutMs: 240_000 },
  );
  const committed = readFileSync(join(repo.dir, INSTALL_FILE), 'utf8');
  repo.write({ [INSTALL_FILE]: withServerReplicas(committed, 3) }).commit('three API server replicas');
  await kubectl([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    ROOT,
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  await waitFor(async () => (await serverReplicas()) === '3', {
    what: 'the commit applied to Driftless itself',
    timeoutMs: 180_000,
  });
});

test('admin export writes a backup; import restores a deleted Application, AppProject and repository, and leaves equal objects alone', async () => {
  // A project and a repository credential of the team, besides what bootstrap created.
  const project = `team-${s}`;
  const repoSecret = `repo-${s}`;
  const password = randomSuffix(12);
  await kubectlOk(['apply', '-n', NS, '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AppProject',
          metadata: { name: project },
          spec: { sourceRepos: [repo.url], destinations: [{ server: '*', namespace: 'team-*' }] },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: repoSecret, labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
          stringData: { url: 'https://git.example.com/team.git', username: 'team', password },
        },
      ],
    }),
  });
  const file = join(work, 'backup.yaml');
  const exported = await cli(['admin', 'export', ...kube, '--out', file]);
  assert.equal(exported.code, 0, show(exported));
  const kinds = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
    const o = d.toJS() as KubeObject;
    return `${o.kind}/${o.metadata.name ?? ''}`;
  });
  for (const want of [
    `Application/${ROOT}`,
    `AppProject/${project}`,
    `Secret/${repoSecret}`,
    'ConfigMap/argocd-cm',
    'ConfigMap/argocd-rbac-cm',
    'Secret/argocd-secret',
  ])
    assert.ok(kinds.includes(want), `${want} in the backup: ${kinds.join(', ')}`);
  assert.ok(!readFileSync(file, 'utf8').includes('resourceVersion'), 'server-assigned fields are dropped');

  await server?.stop();
  server = undefined;
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', ROOT]);
  await kubectlOk(['-n', NS, 'delete', 'appprojects.argoproj.io', project]);
  await kubectlOk(['-n', NS, 'delete', 'secret', repoSecret]);
  const dry = await cli(['admin', 'import', file, ...kube, '--dry-run', '-o', 'json']);
  assert.equal(dry.code, 0, show(dry));
  assert.ok(!dry.stdout.includes(password), 'secret values are not printed');
  const planned = JSON.parse(dry.stdout) as { objects: { kind: string; name: string; action: string }[] };
  const creates = planned.objects.filter((o) => o.action !== 'unchanged');
  assert.deepEqual(creates.map((o) => `${o.action} ${o.kind}/${o.name}`).sort(), [
    `create AppProject/${project}`,
    `create Application/${ROOT}`,
    `create Secret/${repoSecret}`,
  ]);
  const at = (kind: string) => creates.findIndex((o) => o.kind === kind);
  assert.ok(at('AppProject') < at('Application'), 'the project is restored before the apps that use it');
  assert.notEqual((await kubectl(['-n', NS, 'get', 'applications.argoproj.io', ROOT])).code, 0);

  const restored = await cli(['admin', 'import', file, ...kube]);
  assert.equal(restored.code, 0, show(restored));
  assert.ok(!`${restored.stdout}${restored.stderr}`.includes(password), 'secret values are not printed');
  const source = await kubectlOk([
    '-n',
    NS,
    'get',
    'applications.argoproj.io',
    ROOT,
    '-o',
    'jsonpath={.spec.source.path}',
  ]);
  assert.equal(source, 'clusters/hub');
  const restoredPassword = await kubectlOk([
    '-n',
    NS,
    'get',
    'secret',
    repoSecret,
    '-o',
    'jsonpath={.data.password}',
  ]);
  assert.ok(
    Buffer.from(restoredPassword, 'base64').toString('utf8') === password,
    'the credential is restored',
  );
  const destinations = await kubectlOk([
    '-n',
    NS,
    'get',
    'appprojects.argoproj.io',
    project,
    '-o',
    'jsonpath={.spec.destinations[0].namespace}',
  ]);
  assert.equal(destinations, 'team-*', 'the project is restored with its spec');
  const again = await cli(['admin', 'import', file, ...kube, '-o', 'json']);
  assert.equal(again.code, 0, show(again));
  const second = JSON.parse(again.stdout) as { objects: { action: string }[] };
  assert.ok(
    second.objects.every((o) => o.action === 'unchanged'),
    again.stdout,
  );
});

test('a backup that is not one is refused with the document it stopped at', async () => {
  const bad = join(work, 'bad.yaml');
  writeFileSync(bad, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n');
  const r = await cli(['admin', 'import', bad, ...kube]);
  assert.equal(r.code, 1, show(r));
  assert.match(r.stderr, /document 1 \(Deployment\) is not an object a backup holds/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});
