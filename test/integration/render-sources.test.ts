// End-to-end renders over file:// and a real Helm chart repository on loopback: Argo CD's
// kustomize and helm options, charts from a repository, and bad input reported with file:line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationSource, KubeObject } from '../../src/model/index.js';
import { RenderError, RepoService, ToolLocator } from '../../src/render/index.js';
import { buildEnv } from '../../src/render/build-env.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';
import { toolAvailable } from '../../src/render/testing/tool-available.js';
import { makeFixtureRepo, type FixtureRepo } from '../../src/render/testing/fixture-repo.js';

const needsTools = !toolAvailable('helm')
  ? missingTool('helm')
  : !toolAvailable('kustomize')
    ? missingTool('kustomize')
    : false;

describe('rendering sources end to end', { skip: needsTools }, () => {
  let repo: FixtureRepo;
  let cache: string;
  let svc: RepoService;
  let chartServer: Server;
  let chartURL: string;
  const render = (source: Omit<ApplicationSource, 'repoURL'>, appName = 'shop') =>
    svc.render({
      appName,
      appNamespace: 'argocd',
      destinationNamespace: 'shop',
      kubeVersion: '1.31.2',
      source: { repoURL: repo.url, ...source },
    });
  const find = (objs: KubeObject[], kind: string) => objs.find((o) => o.kind === kind);
  const rejectsWith = async (p: Promise<unknown>, reason: string, file?: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof RenderError, String(e));
      assert.equal(e.reason, reason, e.message);
      if (file) assert.match(e.file ?? '', file);
      return true;
    });

  before(async () => {
    repo = await makeFixtureRepo();
    cache = await mkdtemp(join(tmpdir(), 'driftless-render-e2e-'));
    svc = new RepoService({ cacheDir: join(cache, 'svc') });
    // A real chart repository: helm package + helm repo index, served over HTTP on loopback.
    const charts = join(cache, 'charts');
    const helm = new ToolLocator().locate('helm').command;
    execFileSync(helm, ['package', join(repo.dir, 'helm/guestbook'), '-d', charts], { stdio: 'ignore' });
    chartServer = createServer((req, res) => {
      readFile(join(charts, (req.url ?? '/').replace(/\.\.+/g, '').replace(/^\/+/, ''))).then(
        (b) => res.writeHead(200).end(b),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => chartServer.listen(0, '127.0.0.1', r));
    chartURL = `http://127.0.0.1:${(chartServer.address() as AddressInfo).port}`;
    execFileSync(helm, ['repo', 'index', charts, '--url', chartURL], { stdio: 'ignore' });
  });
  after(async () => {
    await new Promise((r) => chartServer.close(r));
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('renders the production overlay (images newTag, replicas)', async () => {
    const res = await render({ path: 'kustomize/overlays/production' });
    const dep = find(res.objects, 'Deployment');
    assert.equal((dep?.['spec'] as { replicas: number }).replicas, 3);
    assert.match(JSON.stringify(dep), /example\.org\/web:1\.0\.1/);
  });

  it('applies Application kustomize options as Argo CD does (kustomize edit on a copy), leaving the repo untouched', async () => {
    const before = await readFile(join(repo.dir, 'kustomize/base/kustomization.yaml'), 'utf8');
    const res = await render({
      path: 'kustomize/base',
      kustomize: {
        images: ['example.org/web=registry.local/web:9.9.9'],
        namePrefix: 'pre-',
        nameSuffix: '-suf',
        namespace: 'custom',
        commonLabels: { team: 'payments' },
        commonAnnotations: { owner: 'alice' },
        replicas: [{ name: 'web', count: 4 }],
        components: ['../components/monitoring'],
      },
    });
    const dep = find(res.objects, 'Deployment');
    assert.equal(dep?.metadata.name, 'pre-web-suf');
    assert.equal(dep?.metadata.namespace, 'custom');
    assert.equal(dep?.metadata.labels?.['team'], 'payments');
    assert.equal(dep?.metadata.annotations?.['owner'], 'alice');
    assert.equal(dep?.metadata.annotations?.['monitoring'], 'enabled');
    assert.equal((dep?.['spec'] as { replicas: number }).replicas, 4);
    assert.match(JSON.stringify(dep), /registry\.local\/web:9\.9\.9/);
    const patched = await render({
      path: 'kustomize/overlays/production',
      kustomize: { patches: [{ path: 'scale-patch.yaml' }] },
    });
    // The patch joins the kustomization's own patches, so its `replicas: [web=3]` still wins, as in Argo CD.
    assert.equal((find(patched.objects, 'Deployment')?.['spec'] as { replicas: number }).replicas, 3);
    assert.equal(await readFile(join(repo.dir, 'kustomize/base/kustomization.yaml'), 'utf8'), before);
  });

  it('applies helm values in Argo CD order and the destination cluster version', async () => {
    const res = await render({
      path: 'helm/guestbook',
      helm: {
        releaseName: 'gb',
        valueFiles: ['values-production.yaml', 'missing.yaml'],
        ignoreMissingValueFiles: true,
        values: 'env: from-values\n',
        valuesObject: { env: 'from-object' },
        parameters: [{ name: 'image.tag', value: '2.0', forceString: true }],
      },
    });
    const dep = find(res.objects, 'Deployment');
    assert.equal(dep?.metadata.name, 'gb-guestbook');
    assert.equal(dep?.metadata.labels?.['env'], 'from-object');
    assert.equal(dep?.metadata.labels?.['kube-version'], '31');
    assert.match(JSON.stringify(dep), /guestbook:2\.0"/);
    assert.equal((find(res.objects, 'ConfigMap')?.['data'] as { namespace: string }).namespace, 'shop');
  });

  it('renders a chart from a Helm repository, then serves it from cache', async () => {
    const source = {
      repoURL: chartURL,
      chart: 'guestbook',
      targetRevision: '0.1.0',
      helm: { valueFiles: ['values-production.yaml'] },
    };
    const res = await svc.render({ appName: 'remote', appNamespace: 'argocd', source });
    assert.equal(res.revision, '0.1.0');
    assert.equal(res.sourceType, 'Helm');
    assert.equal((find(res.objects, 'Deployment')?.['spec'] as { replicas: number }).replicas, 3);
    const spawns = svc.stats().toolSpawns;
    assert.equal((await svc.render({ appName: 'remote', appNamespace: 'argocd', source })).cached, true);
    assert.equal(svc.stats().toolSpawns, spawns);
    await rejectsWith(
      svc.render({ appName: 'r', appNamespace: 'argocd', source: { ...source, targetRevision: '9.9.9' } }),
      'ChartNotFound',
    );
  });

  it('refuses escapes and reports bad manifests with file and line', async () => {
    await rejectsWith(render({ path: 'bad/symlink-escape' }), 'PathEscape');
    await rejectsWith(render({ path: '/etc' }), 'PathEscape');
    await rejectsWith(
      render({ path: 'helm/guestbook', helm: { valueFiles: ['../../../../etc/passwd'] } }),
      'PathEscape',
    );
    await rejectsWith(render({ path: 'bad/not-k8s' }), 'InvalidObject', /bad\/not-k8s\/config\.yaml/);
    await rejectsWith(render({ path: 'bad/duplicate' }), 'DuplicateObject', /two\.yaml/);
    await rejectsWith(render({ path: 'bad/broken-yaml' }), 'InvalidManifest', /bad\.yaml/);
    await rejectsWith(render({ path: 'no/such/path' }), 'PathNotFound');
  });

  it('honours directory include/exclude with {a,b} globs', async () => {
    const res = await render({
      path: 'directory/plain',
      directory: { recurse: true, include: '{*.yaml,sub/*}', exclude: 'sub/nested.yml' },
    });
    assert.deepEqual(res.objects.map((o) => o.metadata.name).sort(), ['first', 'second']);
  });

  it('gives tools the Argo CD build environment', () => {
    const env = buildEnv({
      appName: 'a',
      appNamespace: 'argocd',
      revision: repo.sha,
      source: { repoURL: repo.url, path: 'p', targetRevision: 'main' },
      kubeVersion: 'v1.31.2',
      apiVersions: ['v1', 'apps/v1'],
    });
    assert.equal(env['ARGOCD_APP_NAME'], 'a');
    assert.equal(env['ARGOCD_APP_REVISION'], repo.sha);
    assert.equal(env['ARGOCD_APP_SOURCE_PATH'], 'p');
    assert.equal(env['KUBE_VERSION'], '1.31.2');
    assert.equal(env['KUBE_API_VERSIONS'], 'v1,apps/v1');
  });
});
