// Application kustomize options, proved against Argo CD's procedure done by hand: the real
// `kustomize edit` commands on a copy of the folder, then the real `kustomize build` — each option
// must render exactly what that gives (and replace, not layer over, the kustomization's own values).
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { execChecked } from '../common/exec.js';
import type { KubeObject, KustomizeSource } from '../model/index.js';
import { RenderError } from './errors.js';
import { parseManifests } from './parse-manifests.js';
import { kustomizeBuildArgs } from './kustomize.js';
import { RepoService } from './repo-service.js';
import { makeFixtureRepo, testdataDir, type FixtureRepo } from './testing/fixture-repo.js';
import { ToolLocator } from './tools.js';

const tool = new ToolLocator().locate('kustomize');
const skip =
  tool.command.includes('/') && tool.prefixArgs.length === 0 ? false : 'kustomize binary not found';

interface Case {
  name: string;
  options: KustomizeSource;
  /** Argo CD's commands for these options, as a person would type them. */
  edits: string[][];
  /** Patches Argo CD appends to the kustomization (there is no edit command for them). */
  patches?: unknown[];
  check(objects: KubeObject[]): void;
}

const dep = (objs: KubeObject[]) => objs.find((o) => o.kind === 'Deployment') as KubeObject;
const svc = (objs: KubeObject[]) => objs.find((o) => o.kind === 'Service') as KubeObject;
const spec = (o: KubeObject) => o['spec'] as Record<string, unknown> & { replicas?: number };
const images = (o: KubeObject) => JSON.stringify(o).match(/"image":"[^"]+"/g);

const cases: Case[] = [
  {
    name: 'namePrefix replaces the prefix of the kustomization',
    options: { namePrefix: 'opt-' },
    edits: [['set', 'nameprefix', '--', 'opt-']],
    check: (o) => assert.equal(dep(o).metadata.name, 'opt-guestbook-ui-v1'),
  },
  {
    name: 'nameSuffix replaces the suffix',
    options: { nameSuffix: '-v2' },
    edits: [['set', 'namesuffix', '--', '-v2']],
    check: (o) => assert.equal(svc(o).metadata.name, 'kustomize-guestbook-ui-v2'),
  },
  {
    name: 'images replace the entry for the same image and add new ones, with $ARGOCD_APP_NAME',
    options: {
      images: [
        'gcr.io/heptio-images/ks-guestbook-demo:0.3',
        'busybox=registry.local/busybox:$ARGOCD_APP_NAME',
      ],
    },
    edits: [
      ['set', 'image', 'gcr.io/heptio-images/ks-guestbook-demo:0.3', 'busybox=registry.local/busybox:opts'],
    ],
    check: (o) =>
      assert.deepEqual(images(dep(o)), [
        '"image":"gcr.io/heptio-images/ks-guestbook-demo:0.3"',
        '"image":"registry.local/busybox:opts"',
      ]),
  },
  {
    name: 'replicas (a string count) replace the kustomization replicas',
    options: { replicas: [{ name: 'guestbook-ui', count: '5' }] },
    edits: [['set', 'replicas', 'guestbook-ui=5']],
    check: (o) => assert.equal(spec(dep(o)).replicas, 5),
  },
  {
    name: 'forceCommonLabels overwrites a label the kustomization sets, selectors included',
    options: { commonLabels: { team: 'payments' }, forceCommonLabels: true },
    edits: [['add', 'label', '--force', 'team:payments']],
    check: (o) => {
      assert.equal(dep(o).metadata.labels?.['team'], 'payments');
      assert.match(JSON.stringify(spec(dep(o))['selector']), /"team":"payments"/);
    },
  },
  {
    name: 'labelWithoutSelector leaves selectors alone',
    options: { commonLabels: { tier: 'frontend' }, labelWithoutSelector: true },
    edits: [['add', 'label', '--without-selector', 'tier:frontend']],
    check: (o) => {
      assert.equal(dep(o).metadata.labels?.['tier'], 'frontend');
      assert.doesNotMatch(JSON.stringify(spec(dep(o))['selector']), /tier/);
    },
  },
  {
    name: 'commonAnnotations (forced, with envsubst) overwrite the kustomization annotation',
    options: {
      commonAnnotations: { owner: '$ARGOCD_APP_NAME-team' },
      forceCommonAnnotations: true,
      commonAnnotationsEnvsubst: true,
    },
    edits: [['add', 'annotation', '--force', 'owner:opts-team']],
    check: (o) => assert.equal(dep(o).metadata.annotations?.['owner'], 'opts-team'),
  },
  {
    name: 'namespace replaces the namespace of the kustomization',
    options: { namespace: 'guestbook' },
    edits: [['set', 'namespace', '--', 'guestbook']],
    check: (o) => assert.equal(dep(o).metadata.namespace, 'guestbook'),
  },
  {
    name: 'patches are appended after the kustomization’s own',
    options: { patches: [{ path: 'history-limit.yaml' }] },
    edits: [],
    patches: [{ path: 'history-limit.yaml' }],
    check: (o) => {
      assert.equal(spec(dep(o))['revisionHistoryLimit'], 7);
      assert.equal(svc(o).metadata.annotations?.['patched-by'], 'kustomization');
    },
  },
  {
    name: 'components are added (missing ones skipped with ignoreMissingComponents)',
    options: { components: ['../components/tracing', '../components/absent'], ignoreMissingComponents: true },
    edits: [['add', 'component', '../components/tracing']],
    check: (o) => assert.equal(dep(o).metadata.annotations?.['tracing'], 'enabled'),
  },
];

describe('kustomize options as Argo CD applies them (real kustomize edit)', { skip }, () => {
  let repo: FixtureRepo;
  let cache: string;
  let service: RepoService;
  const render = (kustomize: KustomizeSource) =>
    service.render({
      appName: 'opts',
      appNamespace: 'argocd',
      source: { repoURL: repo.url, targetRevision: repo.sha, path: 'kustomize-options/guestbook', kustomize },
    });

  /** Argo CD's procedure by hand on a fresh copy of the fixture folder. */
  async function reference(c: Pick<Case, 'edits' | 'patches'>): Promise<KubeObject[]> {
    const dir = await mkdtemp(join(cache, 'ref-'));
    await cp(join(testdataDir(), 'kustomize-options'), dir, { recursive: true });
    const app = join(dir, 'guestbook');
    for (const e of c.edits) await execChecked(tool.command, ['edit', ...e], { cwd: app });
    if (c.patches) {
      const file = join(app, 'kustomization.yaml');
      const k = parse(await readFile(file, 'utf8')) as { patches?: unknown[] };
      k.patches = [...(k.patches ?? []), ...c.patches];
      await writeFile(file, stringify(k));
    }
    const out = await execChecked(tool.command, ['build', app], { cwd: dir });
    return parseManifests(out.stdout, { tool: 'kustomize' }).map((s) => s.object);
  }

  before(async () => {
    repo = await makeFixtureRepo();
    cache = await mkdtemp(join(tmpdir(), 'driftless-kustomize-opts-'));
    service = new RepoService({ cacheDir: join(cache, 'svc') });
  });
  after(async () => {
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(c.name, async () => {
      const ours = (await render(c.options)).objects;
      assert.deepEqual(ours, await reference(c));
      c.check(ours);
    });
  }

  it('all options at once render as Argo CD’s commands in its order', async () => {
    const all = Object.assign({}, ...cases.map((c) => c.options)) as KustomizeSource;
    const ours = (await render(all)).objects;
    const edits = cases.flatMap((c) => c.edits);
    // Argo CD runs the label edit once, with every flag and label of the options.
    const merged = edits.filter((e) => e[1] !== 'label');
    merged.splice(4, 0, ['add', 'label', '--force', '--without-selector', 'team:payments', 'tier:frontend']);
    assert.deepEqual(ours, await reference({ edits: merged, patches: [{ path: 'history-limit.yaml' }] }));
    assert.equal(dep(ours).metadata.name, 'opt-guestbook-ui-v2');
  });

  it('an existing label without forceCommonLabels fails as kustomize edit does, and the checkout is untouched', async () => {
    const before = await readFile(join(repo.dir, 'kustomize-options/guestbook/kustomization.yaml'), 'utf8');
    await assert.rejects(render({ commonLabels: { team: 'payments' } }), (e: unknown) => {
      assert.ok(e instanceof RenderError, String(e));
      assert.match(e.message, /team/);
      return true;
    });
    assert.equal(
      await readFile(join(repo.dir, 'kustomize-options/guestbook/kustomization.yaml'), 'utf8'),
      before,
    );
  });

  it('passes argocd-cm kustomize.buildOptions to kustomize build', async () => {
    const res = await service.render({
      appName: 'opts',
      appNamespace: 'argocd',
      kustomizeBuildOptions: '--load-restrictor LoadRestrictionsNone --reorder none',
      source: { repoURL: repo.url, targetRevision: repo.sha, path: 'kustomize-options/guestbook' },
    });
    // --reorder none keeps the order of the resources list: the Deployment comes first.
    assert.equal(res.objects[0]?.kind, 'Deployment');
    const legacy = await service.render({
      appName: 'opts',
      appNamespace: 'argocd',
      source: { repoURL: repo.url, targetRevision: repo.sha, path: 'kustomize-options/guestbook' },
    });
    assert.equal(legacy.objects[0]?.kind, 'Service', 'default order puts Services before Deployments');
    await assert.rejects(
      service.render({
        appName: 'opts',
        appNamespace: 'argocd',
        kustomizeBuildOptions: '--no-such-flag',
        source: { repoURL: repo.url, targetRevision: repo.sha, path: 'kustomize-options/guestbook' },
      }),
      /no-such-flag/,
    );
  });
});

describe('kustomizeBuildArgs', () => {
  it('splits the options on blanks after `build DIR`', () => {
    assert.deepEqual(
      kustomizeBuildArgs('/c/app', ' --load-restrictor  LoadRestrictionsNone ', { apiVersions: ['v1'] }),
      ['build', '/c/app', '--load-restrictor', 'LoadRestrictionsNone'],
    );
  });
  it('gives helm the cluster version and API versions with --enable-helm, as Argo CD does', () => {
    assert.deepEqual(
      kustomizeBuildArgs('/c/app', '--enable-helm', {
        kubeVersion: '1.34.4',
        apiVersions: ['v1', 'apps/v1'],
      }),
      [
        'build',
        '/c/app',
        '--enable-helm',
        '--helm-kube-version',
        '1.34.4',
        '--helm-api-versions',
        'v1',
        '--helm-api-versions',
        'apps/v1',
      ],
    );
    assert.deepEqual(
      kustomizeBuildArgs('/c/app', undefined, { kubeVersion: '1.34.4', apiVersions: ['v1'] }),
      ['build', '/c/app'],
    );
  });
});
