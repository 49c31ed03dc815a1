// Rendering generated Applications (both template modes, templatePatch, finalizers) and planning the writes per policy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { render } from '../gotmpl/render.js';
import type { Application } from '../model/index.js';
import { generateApplications } from './generate-apps.js';
import { normalizeName } from './params.js';
import { pathMatch } from './path-match.js';
import { planChanges } from './plan.js';
import { appSetOf, fakeDeps } from './testing/deps.js';

const list = (elements: Record<string, unknown>[]) => [{ list: { elements } }];

describe('rendering Applications', () => {
  test('fasttemplate: strings and map keys rendered, unknown tags kept, owner reference and resources finalizer added', async () => {
    const set = appSetOf({
      generators: list([{ name: 'dev', env: 'd' }]),
      template: {
        metadata: { name: '{{name}}-app', annotations: { 'team/{{env}}': '{{nope}}' } },
        spec: {
          project: 'default',
          source: { repoURL: 'r', path: 'envs/{{ env }}' },
          destination: { server: 'https://kubernetes.default.svc', namespace: '{{name}}' },
        },
      },
    });
    const { apps } = await generateApplications(set, fakeDeps());
    const [a] = apps;
    assert.equal(a?.metadata.name, 'dev-app');
    assert.equal(a?.metadata.namespace, 'argocd');
    assert.deepEqual(a?.metadata.annotations, { 'team/d': '{{nope}}' });
    assert.equal(a?.spec.source?.path, 'envs/d');
    assert.deepEqual(a?.metadata.finalizers, ['resources-finalizer.argocd.argoproj.io']);
    assert.deepEqual(a?.metadata.ownerReferences, [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        name: 'set',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });
  test("goTemplate with missingkey=error fails with Go's message; templatePatch applies after rendering", async () => {
    const base = {
      goTemplate: true,
      generators: list([{ name: 'p', auto: true }]),
      template: {
        metadata: { name: '{{ .name }}' },
        spec: { project: 'default', source: { repoURL: 'r' }, destination: { namespace: 'n' } },
      },
      templatePatch: '{{ if .auto }}spec:\n  syncPolicy:\n    automated: {prune: true}\n{{ end }}',
    };
    const { apps } = await generateApplications(appSetOf(base), fakeDeps());
    assert.deepEqual(apps[0]?.spec.syncPolicy, { automated: { prune: true } });
    const strict = appSetOf({
      ...base,
      goTemplateOptions: ['missingkey=error'],
      template: { ...base.template, metadata: { name: '{{ .nope }}' } },
    });
    await assert.rejects(generateApplications(strict, fakeDeps()), /map has no entry for key "nope"/);
  });
  test('preserveResourcesOnDeletion: no resources finalizer; a generator template overrides the spec template', async () => {
    const set = appSetOf({
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [
        {
          list: {
            elements: [{ name: 'x' }],
            template: { metadata: {}, spec: { project: 'other' } as never },
          },
        },
      ],
    });
    const { apps } = await generateApplications(set, fakeDeps());
    assert.equal(apps[0]?.metadata.finalizers, undefined);
    assert.equal(apps[0]?.spec.project, 'other');
    assert.equal(apps[0]?.spec.destination.namespace, 'x');
  });
  test('duplicate names are an error and nothing is generated', async () => {
    await assert.rejects(
      generateApplications(appSetOf({ generators: list([{ name: 'a' }, { name: 'a' }]) }), fakeDeps()),
      /duplicate name: a/,
    );
  });
});

function existing(name: string, owner = 'set', extra: Partial<Application['metadata']> = {}): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      annotations: { 'argocd.argoproj.io/refresh': 'normal', stale: 'x' },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          name: owner,
          uid: 'uid-1',
          controller: true,
        },
      ],
      ...extra,
    },
    spec: { project: 'old', source: { repoURL: 'r' }, destination: {} },
  };
}

describe('planning writes (applicationsSync policies)', () => {
  const gen = async (
    policy?: 'create-only' | 'create-update' | 'create-delete' | 'sync',
    preserve = false,
  ) => {
    const set = appSetOf({
      generators: list([{ name: 'a' }, { name: 'b' }]),
      syncPolicy: { ...(policy ? { applicationsSync: policy } : {}), preserveResourcesOnDeletion: preserve },
    });
    const { apps } = await generateApplications(set, fakeDeps());
    return planChanges(set, apps, [
      existing('a'),
      existing('gone', 'set', { finalizers: ['resources-finalizer.argocd.argoproj.io'] }),
      existing('foreign', 'other'),
    ]);
  };
  const kinds = (p: Awaited<ReturnType<typeof gen>>) =>
    p.changes.map((c) => `${c.type}:${c.type === 'create' ? c.app.metadata.name : c.existing.metadata.name}`);
  test('sync (default): create, update, delete', async () => {
    assert.deepEqual(kinds(await gen()), ['update:a', 'create:b', 'delete:gone']);
  });
  test('create-only, create-update, create-delete', async () => {
    assert.deepEqual(kinds(await gen('create-only')), ['create:b']);
    assert.deepEqual(kinds(await gen('create-update')), ['update:a', 'create:b']);
    assert.deepEqual(kinds(await gen('create-delete')), ['create:b', 'delete:gone']);
  });
  test('an update keeps preserved annotations and drops others; delete strips the finalizer when preserving', async () => {
    const plan = await gen('sync', true);
    const upd = plan.changes.find((c) => c.type === 'update');
    assert.deepEqual(upd?.type === 'update' ? upd.app.metadata.annotations : undefined, {
      'argocd.argoproj.io/refresh': 'normal',
    });
    const del = plan.changes.find((c) => c.type === 'delete');
    assert.equal(del?.type === 'delete' && del.removeFinalizers, true);
  });
  test('an app of the same name owned by someone else is a conflict, never touched', async () => {
    const set = appSetOf({ generators: list([{ name: 'foreign' }]) });
    const { apps } = await generateApplications(set, fakeDeps());
    assert.deepEqual(planChanges(set, apps, [existing('foreign', 'other')]), {
      changes: [],
      conflicts: ['foreign'],
    });
  });
});

describe('helpers match Go', () => {
  test("normalizeName equals the Go engine's normalize on a corpus", () => {
    for (const s of [
      'Prod_EU.1',
      '--a--',
      'ÄÖ cluster',
      'x'.repeat(300),
      '.dots.',
      'UPPER-case_9',
      'rocket 🚀 ship',
    ]) {
      assert.equal(normalizeName(s), render('{{ normalize . }}', s, { funcs: 'appset' }), s);
    }
  });
  test('pathMatch follows path.Match', () => {
    assert.equal(pathMatch('apps/*/overlays/*', 'apps/web/overlays/prod'), true);
    assert.equal(pathMatch('apps/*', 'apps/web/overlays'), false);
    assert.equal(pathMatch('apps/*', 'apps/web/overlays', true), true);
    assert.equal(pathMatch('a/[a-c]?', 'a/bz'), true);
    assert.equal(pathMatch('a/[^a-c]', 'a/b'), false);
    assert.equal(pathMatch('a/\\*', 'a/*'), true);
  });
});
