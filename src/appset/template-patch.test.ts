// templatePatch semantics: Kubernetes strategic merge over the Application type, as Argo CD applies it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyTemplatePatch } from './template-patch.js';

const app = () => ({
  metadata: {
    name: 'a',
    labels: { team: 'x', tier: 'web' },
    finalizers: ['resources-finalizer.argocd.argoproj.io'],
  },
  spec: {
    project: 'default',
    sources: [{ repoURL: 'r1', path: 'p' }, { repoURL: 'r2' }],
    syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
  },
});

describe('templatePatch (strategic merge)', () => {
  test('maps merge, null deletes, lists without a merge strategy are replaced', () => {
    const out = applyTemplatePatch(app(), {
      metadata: { labels: { tier: null, env: 'prod' } },
      spec: { sources: [{ repoURL: 'r3' }], syncPolicy: { syncOptions: ['ServerSideApply=true'] } },
    });
    assert.deepEqual(out.metadata.labels, { team: 'x', env: 'prod' });
    assert.deepEqual(out.spec.sources, [{ repoURL: 'r3' }]);
    assert.deepEqual(out.spec.syncPolicy, {
      automated: { prune: true },
      syncOptions: ['ServerSideApply=true'],
    });
  });
  test('metadata.finalizers merge as a union (patchStrategy merge on ObjectMeta), $deleteFromPrimitiveList removes', () => {
    const added = applyTemplatePatch(app(), {
      metadata: { finalizers: ['x/y', 'resources-finalizer.argocd.argoproj.io'] },
    });
    assert.deepEqual(added.metadata.finalizers, ['resources-finalizer.argocd.argoproj.io', 'x/y']);
    const removed = applyTemplatePatch(app(), {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['resources-finalizer.argocd.argoproj.io'] },
    });
    assert.deepEqual(removed.metadata.finalizers, []);
  });
  test('$patch: replace swaps a map whole; $patch: delete removes it; an unknown directive is an error', () => {
    const replaced = applyTemplatePatch(app(), {
      spec: { syncPolicy: { $patch: 'replace', automated: {} } },
    });
    assert.deepEqual(replaced.spec.syncPolicy, { automated: {} });
    const deleted = applyTemplatePatch(app(), { spec: { syncPolicy: { $patch: 'delete' } } });
    assert.equal('syncPolicy' in deleted.spec, false);
    assert.throws(
      () => applyTemplatePatch(app(), { spec: { $patch: 'nope' } }),
      /unknown \$patch directive "nope"/,
    );
  });
  test('the original is not modified and keys like __proto__ stay plain data', () => {
    const original = app();
    const out = applyTemplatePatch(
      original,
      JSON.parse('{"metadata":{"labels":{"__proto__":"v"}}}') as Record<string, unknown>,
    );
    assert.deepEqual(original.metadata.labels, { team: 'x', tier: 'web' });
    assert.equal(Object.getOwnPropertyDescriptor(out.metadata.labels, '__proto__')?.value, 'v');
  });
});
