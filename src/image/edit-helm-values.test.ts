import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageError } from './errors.js';
import { keyPath, setValuesInText } from './edit-helm-values.js';

describe('helm values editor', () => {
  it('sets a nested key and keeps comments, order and other values', () => {
    const text =
      '# app values\nreplicas: 2 # two\nimage:\n  repository: r.io/api # the repo\n  tag: v1.0.0\nother: x\n';
    assert.equal(
      setValuesInText(text, { 'image.tag': 'v1.3.0' }),
      '# app values\nreplicas: 2 # two\nimage:\n  repository: r.io/api # the repo\n  tag: v1.3.0\nother: x\n',
    );
  });

  it('creates missing maps and keys, and reads escaped dots as part of a key', () => {
    assert.equal(setValuesInText('a: 1\n', { 'img.tag': 'v2' }), 'a: 1\nimg:\n  tag: v2\n');
    assert.deepEqual(keyPath('a.b\\.c'), ['a', 'b.c']);
  });

  it('writes numbers and booleans unquoted and keeps a number-like string a string', () => {
    assert.equal(
      setValuesInText('replicaCount: 1\nfeature: {on: false}\ntag: "1.0"\n', {
        replicaCount: 3,
        'feature.on': true,
        tag: '2.0',
      }),
      'replicaCount: 3\nfeature: { on: true }\ntag: "2.0"\n',
    );
  });

  it('refuses to descend through a scalar, and broken YAML, with a hint', () => {
    assert.throws(() => setValuesInText('image: nginx\n', { 'image.tag': 'v1' }), ImageError);
    assert.throws(() => setValuesInText('a: [\n', { a: 'b' }), ImageError);
    assert.throws(() => keyPath('a..b'), ImageError);
  });
});
