// deploy/install.yaml on the real control plane: applied (server-side dry run, then for real), then each
// component run as the pod would run it — a local `driftless server --component …` process configured
// in-cluster style with only its ServiceAccount's token — and the GitOps walkthrough through them, logged
// in over TLS with the CLI; a component whose RBAC lacks what it needs stops and says what to grant.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { packageRoot } from '../../src/common/package-root.js';
import type { KubeObject } from '../../src/model/index.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { e2eKubeconfig, randomSuffix, waitFor } from './support/cluster.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { deployment } from './support/manifests.js';
import {
  initialAdminPassword,
  repoServerToken,
  secretValue,
  type ServerProcess,
  startServerProcess,
} from './support/server-process.js';
import { freePort } from './git-servers.js';

const s = randomSuffix();
const NS = `drl-install-${s}`;
const DEST = `drl-install-dest-${s}`;
// Unique: apps of the same name in other installs on the shared cluster track resources by name.
const APP = `guestbook-${s}`;
const work = mkdtempSync(join(tmpdir(), 'driftless-install-e2e-'));
const cli = cliRunner(work);
const repo = new TestRepo();
const processes: ServerProcess[] = [];
let api: ServerProcess;
const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

/**
 * install.yaml as an admin adapts it for a second install on a shared cluster (what a Kustomize overlay
 * does): cluster-wide RBAC names get a suffix and the bindings name this namespace. CRDs stay as shipped.
 */
function installForThisNamespace(): KubeObject[] {
  const text = readFileSync(join(packageRoot(), 'deploy', 'install.yaml'), 'utf8');
  return parseAllDocuments(text).map((d) => {
    const o = d.toJS() as KubeObject & { roleRef?: { name: string }; subjects?: { namespace?: string }[] };
    if (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding') o.metadata.name += `-${s}`;
    if (o.kind === 'ClusterRoleBinding' && o.roleRef) o.roleRef.name += `-${s}`;
    for (const subject of o.subjects ?? []) subject.namespace = NS;
    return o;
  });
}

/** A token of the ServiceAccount (`kubectl create token`), and the suite's cluster entry (server, CA). */
async function serviceAccountCredentials(
  serviceAccount: string,
): Promise<{ token: string; cluster: Record<string, string> }> {
  const token = (await kubectlOk(['-n', NS, 'create', 'token', serviceAccount, '--duration=1h'])).trim();
  const admin = parse(readFileSync(e2eKubeconfig(), 'utf8')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  return { token, cluster: admin.clusters[0]?.cluster ?? {} };
}

/** A kubeconfig holding only a token of the component's ServiceAccount (for kubectl as that identity). */
async function componentKubeconfig(serviceAccount: string): Promise<string> {
  const { token, cluster } = await serviceAccountCredentials(serviceAccount);
  const file = join(work, `${serviceAccount}.kubeconfig`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: serviceAccount, user: { token } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: serviceAccount, namespace: NS } }],
    'current-context': 'c',
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/**
 * What the kubelet gives a pod of that ServiceAccount: a token, ca.crt and namespace in one folder, and
 * KUBERNETES_SERVICE_HOST/PORT naming the API server (DRIFTLESS_SERVICE_ACCOUNT_DIR points at the folder
 * instead of /var/run/secrets/kubernetes.io/serviceaccount). No kubeconfig anywhere.
 */
async function inClusterEnv(serviceAccount: string): Promise<Record<string, string>> {
  const { token, cluster } = await serviceAccountCredentials(serviceAccount);
  const server = new URL(cluster.server ?? '');
  const ca = cluster['certificate-authority-data']
    ? Buffer.from(cluster['certificate-authority-data'], 'base64')
    : readFileSync(cluster['certificate-authority'] ?? '');
  const dir = mkdtempSync(join(work, `sa-${serviceAccount}-`));
  writeFileSync(join(dir, 'token'), token, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), ca);
  writeFileSync(join(dir, 'namespace'), NS);
  return {
    KUBERNETES_SERVICE_HOST: server.hostname,
    KUBERNETES_SERVICE_PORT: server.port,
    DRIFTLESS_SERVICE_ACCOUNT_DIR: dir,
    KUBECONFIG: join(work, 'none'),
    HOME: work,
  };
}

async function canI(kubeconfig: string, verb: string, resource: string, ns: string): Promise<boolean> {
  const r = await kubectl(['auth', 'can-i', verb, resource, '-n', ns], { kubeconfig });
  return r.stdout.trim() === 'yes';
}

let controllerKc = '';
let serverKc = '';

before(async () => {
  repo.write({ 'guestbook/deployment.yaml': deployment('guestbook-ui') }).commit('guestbook');
  await kubectlOk(['create', 'namespace', NS]);
});
after(async () => {
  for (const p of processes) await p.stop();
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  const cluster = installForThisNamespace().filter((o) => /^Cluster/.test(o.kind));
  for (const o of cluster) await kubectl(['delete', o.kind, o.metadata.name ?? '', '--wait=false']);
  await kubectl(['delete', 'namespace', NS, DEST, '--wait=false']);
  repo.cleanup();
});

test('install.yaml passes a server-side dry run, then applies, within Pod Security "restricted"', async () => {
  const input = installForThisNamespace()
    .map((o) => JSON.stringify(o))
    .join('\n');
  // The API server's Pod Security admission judges each workload's pod template against "restricted"
  // (non-root, no privilege escalation, capabilities dropped, seccomp RuntimeDefault) and warns.
  await kubectlOk(['label', 'namespace', NS, 'pod-security.kubernetes.io/warn=restricted']);
  const apply = ['apply', '-n', NS, '--server-side', '--force-conflicts', '-f', '-'];
  // Big CRD schemas on a busy shared cluster: allow more than kubectl's usual minute.
  const dry = await kubectl([...apply, '--dry-run=server'], { input, timeoutMs: 240_000 });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /deployment\.apps\/driftless-server serverside-applied \(server dry run\)/);
  assert.doesNotMatch(dry.stderr, /PodSecurity/, 'every workload meets Pod Security "restricted"');
  await kubectlOk(apply, { input, timeoutMs: 240_000 });
  await kubectlOk([
    '-n',
    NS,
    'get',
    'statefulset/driftless-application-controller',
    'service/driftless-server',
  ]);
  controllerKc = await componentKubeconfig('driftless-application-controller');
  serverKc = await componentKubeconfig('driftless-server');
});

test("each component's token allows what it needs and no more", async () => {
  assert.ok(controllerKc && serverKc, 'install applied');
  // The repo server's Pod mounts no token; even one issued for its ServiceAccount may do nothing.
  const repoServerKc = await componentKubeconfig('driftless-repo-server');
  for (const [verb, resource] of [
    ['get', 'secrets'],
    ['list', 'configmaps'],
    ['list', 'applications.argoproj.io'],
  ] as const)
    assert.equal(await canI(repoServerKc, verb, resource, NS), false, `repo server: ${verb} ${resource}`);
  assert.equal(await canI(controllerKc, 'delete', 'deployments.apps', 'default'), true);
  assert.equal(await canI(serverKc, 'patch', 'applications.argoproj.io', NS), true);
  assert.equal(await canI(serverKc, 'list', 'deployments.apps', 'default'), true);
  assert.equal(await canI(serverKc, 'delete', 'deployments.apps', 'default'), false);
  assert.equal(await canI(serverKc, 'patch', 'deployments.apps', 'default'), false);
  assert.equal(await canI(serverKc, 'create', 'secrets', 'default'), false);
  assert.equal(await canI(serverKc, 'patch', 'applications.argoproj.io', 'default'), false);
});

test('the controller and the API server run in-cluster style with their own tokens, the repo server with none; the CLI logs in over TLS', async () => {
  // argocd-cmd-params-cm names the repo-server Service; here the processes run on loopback instead.
  const repoServerPort = await freePort();
  const repoServerFlag = `--repo-server=127.0.0.1:${repoServerPort}`;
  // Both started in-cluster style, as their pods would be: no kubeconfig, the ServiceAccount's mount.
  const controller = await startServerProcess({
    namespace: NS,
    kubeconfig: null,
    extraArgs: ['--component=application-controller', '--insecure', repoServerFlag],
    env: await inClusterEnv('driftless-application-controller'),
  });
  processes.push(controller);
  api = await startServerProcess({
    namespace: NS,
    kubeconfig: null,
    extraArgs: ['--component=server', repoServerFlag],
    env: await inClusterEnv('driftless-server'),
  });
  processes.push(api);
  for (const p of [controller, api]) assert.match(p.output(), /"cluster":"in-cluster"/, p.output());
  // The token the kubelet would put in the repo server's environment from the Secret the others created.
  const token = await repoServerToken(NS, 60_000);
  processes.push(
    await startServerProcess({
      namespace: NS,
      kubeconfig: null,
      port: repoServerPort,
      extraArgs: ['--component=repo-server'],
      env: { DRIFTLESS_REPO_SERVER_TOKEN: token, KUBECONFIG: join(work, 'none'), HOME: work },
    }),
  );
  assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const host = api.url.replace(/^https:\/\//, '');
  const cert = await secretValue(NS, 'argocd-secret', 'tls.crt');
  const certFile = join(work, 'server.crt');
  writeFileSync(certFile, cert);
  const password = await initialAdminPassword(NS);
  const untrusted = await cli(['login', host, '--username', 'admin', '--password-stdin'], {
    input: password,
  });
  assert.equal(untrusted.code, 1, show(untrusted));
  assert.match(untrusted.stderr, /--server-crt/);
  const insecure = await cli(
    ['login', host, '--insecure', '--name', 'skip', '--username', 'admin', '--password-stdin'],
    {
      input: password,
    },
  );
  assert.equal(insecure.code, 0, show(insecure));
  const login = await cli(
    ['login', host, '--server-crt', certFile, '--username', 'admin', '--password-stdin'],
    {
      input: password,
    },
  );
  assert.equal(login.code, 0, show(login));
});

test('the walkthrough through the components: create, sync, a commit reaches the cluster', async () => {
  assert.ok(api, 'components running');
  const create = await cli([
    'app',
    'create',
    APP,
    '--repo',
    repo.url,
    '--path',
    'guestbook',
    '--dest-server',
    'https://kubernetes.default.svc',
    '--dest-namespace',
    DEST,
    '--sync-option',
    'CreateNamespace=true',
    '--sync-policy',
    'automated',
  ]);
  assert.equal(create.code, 0, show(create));
  const wait = await cli(['app', 'wait', APP, '--health', '--sync', '--timeout', '300']);
  assert.equal(wait.code, 0, show(wait));
  repo.write({
    'guestbook/deployment.yaml': deployment('guestbook-ui').replace('replicas: 1', 'replicas: 2'),
  });
  repo.commit('two replicas');
  await waitFor(
    async () => {
      const r = await kubectl([
        '-n',
        DEST,
        'get',
        'deployment',
        'guestbook-ui',
        '-o',
        'jsonpath={.spec.replicas}',
      ]);
      return r.stdout === '2';
    },
    { what: 'the commit applied by the controller', timeoutMs: 120_000 },
  );
});

test("the API server's token cannot change what the controller deployed", async () => {
  const r = await kubectl(['-n', DEST, 'delete', 'deployment', 'guestbook-ui'], { kubeconfig: serverKc });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /forbidden/i);
  await kubectlOk(['-n', DEST, 'get', 'deployment', 'guestbook-ui']);
});

test('a component whose RBAC lacks a permission it needs stops and says which, and what to do', async () => {
  // The API server's namespaced Role as shipped, but its ClusterRoleBinding forgotten: it may not read
  // the cluster's objects, which it watches to show each app's resources.
  const sa = 'driftless-server-partial';
  await kubectlOk(['apply', '-n', NS, '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: sa },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'driftless-server' },
          subjects: [{ kind: 'ServiceAccount', name: sa, namespace: NS }],
        },
      ],
    }),
  });
  const env = await inClusterEnv(sa);
  const token = readFileSync(join(env.DRIFTLESS_SERVICE_ACCOUNT_DIR ?? '', 'token'), 'utf8');
  const failure = await startServerProcess({
    namespace: NS,
    kubeconfig: null,
    extraArgs: ['--component=server'],
    env,
  }).then(
    (p) => {
      processes.push(p);
      return undefined;
    },
    (e: unknown) => (e as Error).message,
  );
  // It exits at once (not a server that waits, unready, for a list that never comes), naming the request
  // refused, the identity, and what to grant; no stack trace, no token.
  assert.ok(failure, 'the API server must not start without its cluster-wide read');
  assert.match(failure, /driftless server exited/);
  const refused = /refused to list (\S+) cluster-wide, which the server component watches/.exec(failure);
  assert.ok(refused, failure);
  const resource = (refused[1] ?? '').split('.')[0] ?? '';
  assert.match(
    failure,
    new RegExp(`User "system:serviceaccount:${NS}:${sa}" cannot list resource "${resource}"`),
  );
  assert.match(
    failure,
    new RegExp(`hint: grant this identity list and watch on ${refused[1]} .*ClusterRole driftless-server`),
  );
  assert.doesNotMatch(failure, /\n\s+at /, 'no stack trace');
  assert.ok(!failure.includes(token), 'the token is not printed');
});
