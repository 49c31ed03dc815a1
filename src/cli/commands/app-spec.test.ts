// Tests of Application specs built and changed from create/set/unset flags.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySet, applyUnset, buildApplication } from './app-spec.js';

test('create from flags: source, destination, policy, options and helm', () => {
  const app = buildApplication('gb', {
    repo: 'file:///r',
    path: 'guestbook',
    destServer: 'https://kubernetes.default.svc',
    destNamespace: 'gb',
    syncPolicy: 'automated',
    selfHeal: true,
    syncOption: ['CreateNamespace=true'],
    helmSet: ['image.tag=1.2'],
  });
  assert.deepEqual(app.spec, {
    project: 'default',
    source: {
      repoURL: 'file:///r',
      targetRevision: 'HEAD',
      path: 'guestbook',
      helm: { parameters: [{ name: 'image.tag', value: '1.2' }] },
    },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'gb' },
    syncPolicy: { automated: { selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
  });
});

test('create names every missing required flag', () => {
  assert.throws(
    () => buildApplication('gb', {}),
    /needs --repo, --dest-server or --dest-name, --dest-namespace/,
  );
});

test('set replaces options by key, switches destination kind, refuses self-heal without automation', () => {
  const base = buildApplication('gb', {
    repo: 'r',
    destServer: 's',
    destNamespace: 'n',
    syncOption: ['Validate=false'],
  });
  const s = applySet(base.spec, { syncOption: ['Validate=true'], destName: 'prod', revision: 'v2' });
  assert.deepEqual(s.syncPolicy?.syncOptions, ['Validate=true']);
  assert.deepEqual(s.destination, { namespace: 'n', name: 'prod' });
  assert.equal(s.source?.targetRevision, 'v2');
  assert.throws(() => applySet(base.spec, { selfHeal: true }), /need automated sync/);
  assert.equal(
    applySet(base.spec, { syncPolicy: 'automated', autoPrune: false }).syncPolicy?.automated?.prune,
    false,
  );
  assert.equal(base.spec.syncPolicy?.syncOptions?.[0], 'Validate=false', 'the input is not changed');
});

test('unset removes automation, options by key, helm parameters and values', () => {
  const base = buildApplication('gb', {
    repo: 'r',
    destServer: 's',
    destNamespace: 'n',
    syncPolicy: 'automated',
    selfHeal: true,
    syncOption: ['A=1', 'B=2'],
    helmSet: ['x=1', 'y=2'],
    values: ['v.yaml'],
    valuesLiteral: 'a: 1',
  });
  const s = applyUnset(base.spec, {
    selfHeal: true,
    syncOption: ['A'],
    helmSet: ['x'],
    values: ['v.yaml'],
    valuesLiteral: true,
  });
  assert.equal(s.syncPolicy?.automated?.selfHeal, false);
  assert.deepEqual(s.syncPolicy?.syncOptions, ['B=2']);
  assert.deepEqual(s.source?.helm, { parameters: [{ name: 'y', value: '2' }], valueFiles: [] });
  assert.equal(applyUnset(base.spec, { syncPolicy: true }).syncPolicy?.automated, undefined);
});

test('multi-source apps: --source-position / --source-name pick the source set and unset change', () => {
  const spec = {
    project: 'default',
    sources: [
      { repoURL: 'oci://charts', chart: 'web', targetRevision: '1.0.0', name: 'chart' },
      { repoURL: 'file:///values', targetRevision: 'main', ref: 'values', name: 'values' },
    ],
    destination: { server: 's', namespace: 'n' },
  };
  const byPos = applySet(spec, { sourcePosition: '2', revision: 'v2' });
  assert.equal(byPos.sources?.[1]?.targetRevision, 'v2');
  assert.equal(byPos.sources?.[0]?.targetRevision, '1.0.0');
  const byName = applySet(spec, { sourceName: 'chart', helmSet: ['a=1'] });
  assert.deepEqual(byName.sources?.[0]?.helm, { parameters: [{ name: 'a', value: '1' }] });
  assert.deepEqual(applyUnset(byName, { sourceName: 'chart', helmSet: ['a'] }).sources?.[0]?.helm, {
    parameters: [],
  });
  assert.throws(() => applySet(spec, { revision: 'v2' }), /has 2 sources: say which with --source-position/);
  assert.throws(() => applySet(spec, { sourcePosition: '3', revision: 'x' }), /from 1 to 2/);
  assert.throws(() => applySet(spec, { sourceName: 'nope', revision: 'x' }), /no source is named "nope"/);
  const single = buildApplication('gb', { repo: 'r', destServer: 's', destNamespace: 'n' }).spec;
  assert.equal(applySet(single, { sourcePosition: '1', revision: 'v3' }).source?.targetRevision, 'v3');
  assert.throws(() => applySet(single, { sourcePosition: '2', revision: 'v3' }), /single source/);
});
