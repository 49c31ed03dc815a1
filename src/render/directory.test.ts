// Directory renderer: the shared contract plus recurse, include/exclude and file:line errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRendererContract } from './contract.case.js';
import { parseManifests } from './parse-manifests.js';
import { RenderError } from './errors.js';

runRendererContract({
  name: 'directory',
  type: 'Directory',
  good: { path: 'directory/plain', directory: { recurse: true } },
  check(objects) {
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.deepEqual(names, [
      'ConfigMap/first',
      'ConfigMap/nested',
      'ConfigMap/second',
      'Secret/from-list',
      'ServiceAccount/from-list',
    ]);
  },
  broken: { path: 'bad/broken-yaml' },
  brokenReason: 'InvalidManifest',
});

describe('directory renderer details', () => {
  it('reports YAML syntax errors with file and line', () => {
    assert.throws(
      () => parseManifests('a: 1\nb: "x\nc: [', { file: 'x/bad.yaml', tool: 'directory' }),
      (e: unknown) =>
        e instanceof RenderError && e.file === 'x/bad.yaml' && typeof e.line === 'number' && e.line >= 2,
    );
  });
  it('reports a document that is not a Kubernetes object with its line', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nlogLevel: debug\n';
    assert.throws(
      () => parseManifests(text, { file: 'c.yaml', tool: 'directory' }),
      (e: unknown) =>
        e instanceof RenderError &&
        e.reason === 'InvalidObject' &&
        e.line === 5 &&
        /apiVersion/.test(e.message),
    );
  });
  it('flattens List kinds', () => {
    const objs = parseManifests(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }],
      }),
      { tool: 'directory' },
    );
    assert.equal(objs.length, 1);
    assert.equal(objs[0]?.object.kind, 'ConfigMap');
  });
});
