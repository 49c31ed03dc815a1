// `driftless promote` through the real CLI against Driftless started by the composition root, the
// configuration repository served over HTTPS with write credentials: the staging overlay's digest is
// copied into production as one commit listing it, and production rolls out with it; a tag-only
// reference in staging is resolved through a TLS + htpasswd registry (images pushed by skopeo, the
// login from registries.conf) and written pinned by digest; a tag the registry lacks is refused and
// nothing is pushed; a project requiring review gets a branch, one allowing direct push a commit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomSuffix, waitFor } from './support/cluster.js';
import { serverCli, showRun as show } from './support/cli.js';
import { kubectl } from './support/kubectl.js';
import { startServedRepo, type ServedRepo } from './support/served-repo.js';
import { applyConfigMap, startApi, type RunningApi } from './api-support.js';
import { pushImage, skopeoSkipReason } from './support/image-push.js';
import { registrySkipReason, startRegistry, type TestRegistry } from './support/registry.js';

const NS = `promote-e2e-${randomSuffix()}`;
const staging = `web-staging-${randomSuffix()}`;
const production = `web-production-${randomSuffix()}`;
const dest = `promote-dest-${randomSuffix()}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-promote-e2e-'));
const DIGEST = `sha256:${'4f'.repeat(32)}`;
const regUser = { username: 'puller', password: `reg-${randomSuffix(10)}` };
const registrySkip = registrySkipReason() ?? skopeoSkipReason();
let registry: TestRegistry | undefined;
let image = 'registry.example.com/team/web';
let api: RunningApi;
let served: ServedRepo;
let token = '';
const cli = serverCli(xdg, () => ({ url: api.url, token }));

const base = `apiVersion: apps/v1
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
        image: web
`;
const overlay = (image: string) =>
  `resources:\n- ../../base\nimages:\n- name: web\n  newName: ${imageName()}\n  ${image}\n`;
const imageName = () => image;

before(async () => {
  served = await startServedRepo();
  if (!registrySkip) {
    // The registry's certificate comes from the Git server's CA: argocd-tls-certs-cm trusts one CA for 127.0.0.1.
    registry = await startRegistry([regUser], served.ca);
    image = `${registry.host}/team/web`;
  }
  served.push(
    {
      'apps/web/base/deployment.yaml': base,
      'apps/web/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
      'apps/web/overlays/staging/kustomization.yaml': overlay(`digest: ${DIGEST}`),
      'apps/web/overlays/staging/values.yaml': 'replicaCount: 3\nfeature:\n  enabled: true\n',
      'apps/web/overlays/production/kustomization.yaml': overlay('newTag: "1.0"'),
      'apps/web/overlays/production/values.yaml':
        'replicaCount: 1 # production\nfeature:\n  enabled: false\n',
    },
    'web in staging and production',
  );
  const { url, auth } = served;
  api = await startApi({ namespace: NS, pollIntervalMs: 2_000 });
  await served.trustIn(NS);
  await applyConfigMap(NS, 'argocd-cm', {
    'driftless.git-write.author': 'Promotion Bot <promote@example.com>',
  });
  if (registry) {
    // The registry login the image updater would use: registries.conf naming a dockerconfigjson Secret.
    await kubectl([
      '-n',
      NS,
      'create',
      'secret',
      'docker-registry',
      'regcred',
      `--docker-server=${registry.host}`,
      `--docker-username=${regUser.username}`,
      `--docker-password=${regUser.password}`,
    ]);
    await applyConfigMap(NS, 'argocd-image-updater-config', {
      'registries.conf': `registries:\n- name: test\n  prefix: ${registry.host}\n  credentials: pullsecret:${NS}/regcred\n`,
    });
  }
  token = await api.admin.login('admin', api.adminPassword);
  const create = (name: string, env: string, ns: string) => [
    'app',
    'create',
    name,
    '--repo',
    url,
    '--path',
    `apps/web/overlays/${env}`,
    '--revision',
    'main',
    '--dest-server',
    'https://kubernetes.default.svc',
    '--dest-namespace',
    ns,
    '--sync-option',
    'CreateNamespace=true',
  ];
  for (const args of [
    ['repo', 'add', url, '--username', auth.username, '--password', auth.password],
    create(staging, 'staging', `${dest}-stg`),
    [...create(production, 'production', dest), '--sync-policy', 'automated'],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 0, show(r));
  }
});
after(async () => {
  await kubectl(['-n', NS, 'delete', 'application', staging, production, '--wait=false']);
  await api.stop();
  await served.close();
  await registry?.close();
  await kubectl(['delete', 'namespace', dest, `${dest}-stg`, '--wait=false']);
  rmSync(xdg, { recursive: true, force: true });
});

test('promote copies the staging digest and typed values into production as one commit by the --author given, and production rolls out with it', async () => {
  const before = served.git('rev-parse', 'main');
  const r = await cli([
    'promote',
    production,
    '--from',
    staging,
    '--value',
    'replicaCount',
    '--value',
    'feature.enabled',
    '--author',
    'Release Bot <release@example.com>',
    '-o',
    'json',
  ]);
  assert.equal(r.code, 0, show(r));
  const out = JSON.parse(r.stdout) as {
    sha: string;
    branch: string;
    images: { name: string; to: string }[];
    values: { key: string; to: unknown }[];
  };
  // Values keep the source's YAML type (a number and a boolean, not strings); comments stay.
  assert.deepEqual(
    out.values.map((v) => [v.key, v.to]),
    [
      ['replicaCount', 3],
      ['feature.enabled', true],
    ],
  );
  assert.equal(
    served.git('show', `${out.sha}:apps/web/overlays/production/values.yaml`),
    'replicaCount: 3 # production\nfeature:\n  enabled: true',
  );
  assert.equal(served.git('log', '-1', '--format=%an <%ae>', out.sha), 'Release Bot <release@example.com>');
  assert.equal(out.branch, 'main');
  assert.deepEqual(
    out.images.map((i) => `${i.name}=${i.to}`),
    [`web=${image}@${DIGEST}`],
  );
  assert.equal(served.git('rev-parse', 'main'), out.sha);
  assert.equal(served.git('rev-parse', `${out.sha}^`), before);
  const message = served.git('log', '-1', '--format=%B', out.sha);
  assert.match(message, new RegExp(`^Promote ${staging} to ${production}`));
  assert.match(message, new RegExp(`Source: ${staging} at ${before}`));
  assert.ok(message.includes(`-> ${image}@${DIGEST}`), message);
  assert.equal(
    served.git('diff', '--name-only', before, out.sha),
    'apps/web/overlays/production/kustomization.yaml\napps/web/overlays/production/values.yaml',
  );
  await waitFor(
    async () =>
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
      ).stdout.trim() === `${image}@${DIGEST}`,
    { what: 'production running the promoted digest', timeoutMs: 180_000 },
  );
});

test(
  'a tag in staging is promoted pinned by the digest its registry gives it; a tag the registry lacks is refused and nothing is pushed',
  { skip: registrySkip },
  async () => {
    const reg = registry;
    assert.ok(reg);
    const digest = await pushImage(reg, regUser, 'team/web', 'v2.0.0');
    served.push(
      { 'apps/web/overlays/staging/kustomization.yaml': overlay('newTag: v2.0.0') },
      'staging on v2.0.0',
    );
    const r = await cli(['promote', production, '--from', 'staging', '-o', 'json']);
    assert.equal(r.code, 0, show(r));
    const out = JSON.parse(r.stdout) as { sha: string; images: { name: string; to: string }[] };
    const pinned = `${image}:v2.0.0@${digest}`;
    assert.deepEqual(
      out.images.map((i) => `${i.name}=${i.to}`),
      [`web=${pinned}`],
    );
    assert.equal(served.git('rev-parse', 'main'), out.sha);
    assert.ok(served.git('log', '-1', '--format=%B', out.sha).includes(`-> ${pinned}`));
    // Without --author: argocd-cm's driftless.git-write.author.
    assert.equal(
      served.git('log', '-1', '--format=%an <%ae>', out.sha),
      'Promotion Bot <promote@example.com>',
    );
    const written = served.git('show', `${out.sha}:apps/web/overlays/production/kustomization.yaml`);
    assert.match(written, new RegExp(`digest: ${digest}`), written);
    assert.match(written, /newTag: v2\.0\.0/, written);

    // Promoting again moves nothing: the tag resolves to the digest production already has.
    const again = await cli(['promote', production, '--from', 'staging']);
    assert.equal(again.code, 1, show(again));
    assert.match(again.stderr, /nothing to promote/, show(again));

    served.push(
      { 'apps/web/overlays/staging/kustomization.yaml': overlay('newTag: v9.9.9') },
      'staging on a tag never pushed',
    );
    const before = served.git('rev-parse', 'main');
    const refused = await cli(['promote', production, '--from', 'staging']);
    assert.equal(refused.code, 1, show(refused));
    assert.match(refused.stderr, /mutable reference that cannot be resolved to a digest/, show(refused));
    assert.match(refused.stderr, /v9\.9\.9/, show(refused));
    assert.match(refused.stderr, /pin it by digest/, show(refused));
    assert.ok(!refused.stderr.includes(regUser.password), show(refused));
    assert.equal(served.git('rev-parse', 'main'), before);
  },
);

test("the project's git-write policy: review pushes a branch and leaves main alone (and says so); direct commits to main", async () => {
  const project = `reviewed-${randomSuffix()}`;
  const annotate = (policy: string) =>
    kubectl(['-n', NS, 'annotate', 'appproject', project, `driftless.io/git-write=${policy}`, '--overwrite']);
  const created = await kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: project, namespace: NS, annotations: { 'driftless.io/git-write': 'review' } },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    }),
  });
  assert.equal(created.code, 0, created.stderr);
  const moved = await kubectl([
    '-n',
    NS,
    'patch',
    'application',
    production,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { project } }),
  ]);
  assert.equal(moved.code, 0, moved.stderr);
  const digest = `sha256:${'5a'.repeat(32)}`;
  served.push(
    { 'apps/web/overlays/staging/kustomization.yaml': overlay(`digest: ${digest}`) },
    'staging on 5a',
  );
  const main = served.git('rev-parse', 'main');
  const review = await cli(['promote', production, '--from', staging]);
  assert.equal(review.code, 0, show(review));
  const branch = /review branch [0-9a-f]{8} pushed to (driftless\/promote-\S+) of /.exec(review.stdout)?.[1];
  assert.ok(branch, show(review));
  assert.match(
    review.stderr + review.stdout,
    new RegExp(`the project requires review: merge ${branch} to deploy it`),
  );
  assert.equal(served.git('rev-parse', 'main'), main, 'nothing pushed to main');
  assert.equal(served.git('rev-parse', `${branch}^`), main);
  assert.match(
    served.git('show', `${branch}:apps/web/overlays/production/kustomization.yaml`),
    new RegExp(`digest: ${digest}`),
  );

  assert.equal((await annotate('direct')).code, 0);
  const direct = await cli(['promote', production, '--from', staging, '-o', 'json']);
  assert.equal(direct.code, 0, show(direct));
  const out = JSON.parse(direct.stdout) as { sha: string; branch: string; review: boolean };
  assert.deepEqual([out.branch, out.review], ['main', false]);
  assert.equal(served.git('rev-parse', 'main'), out.sha);
  assert.equal(served.git('rev-parse', `${out.sha}^`), main);
});
