// The repo server as argocd-repo-server serves it: TLS with the user's certificate (argocd-repo-server-tls
// mounted at --tls-cert-dir), a `driftless server --repo-server-strict-tls` trusting ca.crt of that Secret,
// a wrong CA refused with a message naming the Secret, and /metrics on the plain-HTTP metrics port (8084).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { deploymentYaml } from './api-support.js';
import { freePort, makeTestCA, type TestCA } from './git-servers.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import {
  applicationYaml,
  comparisonErrorMatching,
  healthy,
  synced,
  waitForApp,
} from './support/controller.js';
import { TestNamespaces } from './support/fixtures.js';
import { TestRepo } from './support/git-repo.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { repoServerToken, startServerProcess, type ServerProcess } from './support/server-process.js';

const NS = `reposrv-tls-${randomSuffix()}`;
const namespaces = new TestNamespaces();
const repo = new TestRepo();
const work = mkdtempSync(join(tmpdir(), 'driftless-reposrv-tls-'));
const app = `tls-web-${randomSuffix(4)}`;
let ca: TestCA;
let repoServerPort = 0;
let metricsPort = 0;
let controller: ServerProcess | undefined;
let repoServer: ServerProcess | undefined;

/** argocd-repo-server-tls as a user (or cert-manager) writes it: the pair and the CA that signed it. */
function tlsSecret(caCert: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'argocd-repo-server-tls', namespace: NS },
    type: 'kubernetes.io/tls',
    stringData: { 'tls.crt': ca.cert, 'tls.key': ca.key, 'ca.crt': caCert },
  });
}

async function hardRefresh(): Promise<void> {
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    app,
    'argocd.argoproj.io/refresh=hard',
    '--overwrite',
  ]);
}

/** The certificate the repo server's API port presents. */
function presented(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert.fingerprint256);
      else reject(new Error('no certificate presented'));
    });
    socket.once('error', reject);
  });
}

/** The sum of the samples of `name` whose label text matches `labels`. */
function total(text: string, name: string, labels: RegExp = /.*/): number | undefined {
  const values = text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => labels.test(/\{(.*)\}/.exec(l)?.[1] ?? ''))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

before(async () => {
  repo.write({ 'web/deployment.yaml': deploymentYaml('web', 1) }).commit('web');
  ca = await makeTestCA();
  // What the kubelet mounts from argocd-repo-server-tls into the repo server's Pod.
  const certDir = join(work, 'reposerver-tls');
  mkdirSync(certDir);
  writeFileSync(join(certDir, 'tls.crt'), ca.cert);
  writeFileSync(join(certDir, 'tls.key'), ca.key);
  repoServerPort = await freePort();
  metricsPort = await freePort();
  await kubectlOk(['create', 'namespace', NS]);
  await kubectlOk(['apply', '-f', '-'], { input: tlsSecret(ca.caCert) });
  controller = await startServerProcess({
    namespace: NS,
    extraArgs: [
      '--insecure',
      '--install-crds',
      '--repo-server',
      `127.0.0.1:${repoServerPort}`,
      '--repo-server-strict-tls',
    ],
  });
  const token = await repoServerToken(NS, 60_000);
  repoServer = await startServerProcess({
    namespace: NS,
    kubeconfig: null,
    port: repoServerPort,
    extraArgs: [
      '--component=repo-server',
      '--render-sandbox=auto',
      `--tls-cert-dir=${certDir}`,
      `--metrics-port=${metricsPort}`,
    ],
    env: { DRIFTLESS_REPO_SERVER_TOKEN: token, KUBECONFIG: join(work, 'none'), HOME: work },
  });
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await repoServer?.stop();
  await controller?.stop();
  await namespaces.cleanup(NS);
  repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

test('a strict-TLS controller renders through the repo server serving the mounted certificate', async () => {
  assert.match(repoServer?.url ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await presented(repoServerPort), new X509Certificate(ca.cert).fingerprint256);
  // Plain HTTP gets no answer from the TLS port.
  await assert.rejects(fetch(`http://127.0.0.1:${repoServerPort}/readyz`));
  const dest = namespaces.next('tls-dest');
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name: app,
      namespace: NS,
      repoURL: repo.url,
      path: 'web',
      destNamespace: dest,
      automated: { prune: true },
      syncOptions: ['CreateNamespace=true'],
    }),
  });
  await waitForApp(NS, app, 'Synced and Healthy over strict TLS', (a) => synced(a) && healthy(a), 120_000);
  assert.equal(
    await kubectlOk(['-n', dest, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']),
    '1',
  );
});

test("the repo server's metrics port serves Argo CD's repo-server metrics and the probes", async () => {
  const base = `http://127.0.0.1:${metricsPort}`;
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
  const res = await fetch(`${base}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  let text = await res.text();
  const ofRepo = new RegExp(`repo="${repo.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
  assert.ok((total(text, 'argocd_git_request_total', ofRepo) ?? 0) >= 1, text);
  assert.ok((total(text, 'argocd_git_request_duration_seconds_count', ofRepo) ?? 0) >= 1, text);
  assert.match(text, /argocd_git_request_total\{[^}]*request_type="(ls-remote|fetch)"/);
  // Calls are answered: the gauge goes back to 0 between the controller's polls (one may be in flight).
  await waitFor(
    async () => {
      text = await (await fetch(`${base}/metrics`)).text();
      return total(text, 'argocd_repo_pending_request_total', ofRepo) === 0;
    },
    { what: 'no call pending for the repository', timeoutMs: 30_000 },
  );
  assert.ok((total(text, 'driftless_repo_request_duration_seconds_count', /method="render"/) ?? 0) >= 1);
  for (const name of [
    'process_cpu_seconds_total',
    'process_resident_memory_bytes',
    'nodejs_eventloop_lag_seconds',
  ])
    assert.ok(total(text, name) !== undefined, `${name} missing`);
  assert.match(text, /# TYPE nodejs_gc_duration_seconds histogram/);
});

test('a CA that did not sign the certificate is refused, naming the Secret; the right one again, it recovers', async () => {
  const other = await makeTestCA();
  await kubectlOk(['apply', '-f', '-'], { input: tlsSecret(other.caCert) });
  await hardRefresh();
  await waitForApp(
    NS,
    app,
    'a ComparisonError saying the certificate is not trusted',
    comparisonErrorMatching(
      /repo server at 127\.0\.0\.1:\d+ is not available: its TLS certificate is not trusted by the CA in ca\.crt of the Secret .*argocd-repo-server-tls/,
    ),
    120_000,
  );
  await kubectlOk(['apply', '-f', '-'], { input: tlsSecret(ca.caCert) });
  await hardRefresh();
  await waitForApp(
    NS,
    app,
    'Synced without conditions once the CA is right',
    (a) => synced(a) && (a.status?.conditions ?? []).length === 0,
    120_000,
  );
  // The certificate's key never reached a log.
  const keyBody = ca.key.split('\n')[1] ?? 'unused';
  assert.doesNotMatch(
    (controller?.output() ?? '') + (repoServer?.output() ?? ''),
    new RegExp(keyBody.replace(/[+/]/g, '.')),
  );
});
