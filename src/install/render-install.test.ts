// The install manifests: current on disk, restricted pods, and RBAC that gives each component only its part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { defaultParams } from './params.js';
import { installParts, renderDeployFiles } from './render-install.js';

const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
  .version;
const parts = installParts(defaultParams(version));
const all = [...parts.config, ...parts.controller, ...parts.server, ...parts.repoServer];
const named = (kind: string, name: string): KubeObject => {
  const o = all.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name}`);
  return o;
};
type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[] };
const rules = (o: KubeObject) => (o as unknown as { rules: Rule[] }).rules;

test('deploy/ holds exactly what src/install generates (run: npm run build:install)', () => {
  for (const [rel, text] of Object.entries(renderDeployFiles(version))) {
    assert.equal(readFileSync(join(packageRoot(), 'deploy', rel), 'utf8'), text, `deploy/${rel} is stale`);
  }
});

test('the Helm templates hold no unreplaced token', () => {
  for (const [rel, text] of Object.entries(renderDeployFiles(version)))
    if (rel.startsWith('helm/')) assert.doesNotMatch(text, /@@|-100000\d/, rel);
});

test('every pod runs restricted: non-root, read-only root, no escalation, no capabilities, RuntimeDefault', () => {
  const workloads = all.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  assert.deepEqual(workloads.map((w) => w.metadata.name).sort(), [
    'driftless-application-controller',
    'driftless-repo-server',
    'driftless-server',
  ]);
  for (const w of workloads) {
    const pod = (w.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    assert.equal((pod.securityContext as Record<string, unknown>).runAsNonRoot, true);
    for (const c of pod.containers as Record<string, unknown>[]) {
      const sc = c.securityContext as Record<string, unknown>;
      assert.equal(sc.readOnlyRootFilesystem, true);
      assert.equal(sc.allowPrivilegeEscalation, false);
      assert.deepEqual(sc.capabilities, { drop: ['ALL'] });
      assert.deepEqual(sc.seccompProfile, { type: 'RuntimeDefault' });
      assert.ok(
        isPlainObject(c.readinessProbe) && isPlainObject(c.livenessProbe),
        `${w.metadata.name} probes`,
      );
    }
  }
});

test('the API server reads the cluster but writes only its own kinds, in its namespace', () => {
  const cluster = rules(named('ClusterRole', 'driftless-server'));
  for (const r of cluster) assert.deepEqual(r.verbs, ['get', 'list', 'watch']);
  const own = rules(named('Role', 'driftless-server'));
  const writable = own.filter((r) => r.verbs.includes('delete')).flatMap((r) => r.resources ?? []);
  assert.deepEqual(writable.sort(), [
    'applications',
    'applications/status',
    'applicationsets',
    'appprojects',
    'secrets',
  ]);
});

test("driftless-server listens on 80 and 443; Argo CD's settings ConfigMaps are all there", () => {
  const svc = named('Service', 'driftless-server').spec as { ports: { port: number }[] };
  assert.deepEqual(
    svc.ports.map((p) => p.port),
    [80, 443],
  );
  for (const cm of [
    'argocd-cm',
    'argocd-rbac-cm',
    'argocd-cmd-params-cm',
    'argocd-ssh-known-hosts-cm',
    'argocd-tls-certs-cm',
  ])
    named('ConfigMap', cm);
  for (const name of ['driftless-server', 'driftless-application-controller'])
    named('PodDisruptionBudget', name);
});

test('the repo server holds no Kubernetes credential and only the controller and API server reach it', () => {
  const pod = (
    named('Deployment', 'driftless-repo-server').spec as { template: { spec: Record<string, unknown> } }
  ).template.spec;
  assert.equal(pod.automountServiceAccountToken, false);
  assert.equal(named('ServiceAccount', 'driftless-repo-server')['automountServiceAccountToken'], false);
  const bound = all
    .filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
    .flatMap((o) => (o as unknown as { subjects: { name: string }[] }).subjects.map((x) => x.name));
  assert.ok(!bound.includes('driftless-repo-server'), 'no RBAC binding names the repo server');
  const [c] = pod.containers as { args: string[]; env: { name: string; valueFrom?: unknown }[] }[];
  assert.ok(c?.args.includes('--component=repo-server'));
  assert.deepEqual(c?.env.find((e) => e.name === 'DRIFTLESS_REPO_SERVER_TOKEN')?.valueFrom, {
    secretKeyRef: { name: 'driftless-repo-server', key: 'token' },
  });
  const policy = named('NetworkPolicy', 'driftless-repo-server-network-policy').spec as {
    ingress: {
      from: { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: object }[];
      ports: { port: number }[];
    }[];
  };
  // The API port (TLS) only from the two callers; the metrics and probe port from any scraper.
  const [api, metrics] = policy.ingress;
  assert.deepEqual(
    api?.from.map((f) => f.podSelector?.matchLabels['app.kubernetes.io/name']),
    ['driftless-application-controller', 'driftless-server'],
  );
  assert.deepEqual(
    api?.ports.map((p) => p.port),
    [8081],
  );
  assert.deepEqual(metrics, { from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8084 }] });
  assert.ok(c?.args.includes('--metrics-port=8084'));
  const volumes = pod.volumes as { name: string; secret?: { secretName: string; optional: boolean } }[];
  assert.deepEqual(volumes.find((v) => v.name === 'tls-certs')?.secret?.secretName, 'argocd-repo-server-tls');
  const metricsService = named('Service', 'driftless-repo-server-metrics').spec as {
    ports: { port: number }[];
  };
  assert.deepEqual(
    metricsService.ports.map((p) => p.port),
    [8084],
  );
  const params = named('ConfigMap', 'argocd-cmd-params-cm')['data'] as Record<string, string>;
  assert.equal(params['repo.server'], 'driftless-repo-server:8081');
});
