// The manifests command: flags become an ApplicationSource; output formats; exit codes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatObjects, manifestsCommand, sourceFromOptions } from './manifests.js';

describe('manifests command', () => {
  it('maps flags onto an Application source', () => {
    const s = sourceFromOptions({
      repo: 'https://example.com/r.git',
      revision: 'main',
      path: 'charts/app',
      helmSet: ['a.b=1', 'c=x,y'],
      values: ['values-production.yaml'],
      output: 'yaml',
      appName: 'local',
    });
    assert.deepEqual(s, {
      repoURL: 'https://example.com/r.git',
      targetRevision: 'main',
      path: 'charts/app',
      helm: {
        valueFiles: ['values-production.yaml'],
        parameters: [
          { name: 'a.b', value: '1' },
          { name: 'c', value: 'x,y' },
        ],
      },
    });
  });
  it('prints YAML documents or a JSON array', () => {
    const objs = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }];
    assert.match(formatObjects(objs, 'yaml'), /^---\napiVersion: v1\nkind: ConfigMap/);
    assert.deepEqual(JSON.parse(formatObjects(objs, 'json')), objs);
  });
  it('declares its options', () => {
    const names = manifestsCommand().options.map((o) => o.long);
    for (const n of ['--repo', '--revision', '--path', '--helm-set', '--values', '--output'])
      assert.ok(names.includes(n), n);
  });
});
