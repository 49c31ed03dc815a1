import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageError } from './errors.js';
import { formatImageRef, parseImageRef, sameImageName } from './image-ref.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it('splits registry, repository, tag and digest as Docker reads them', () => {
    assert.deepEqual(parseImageRef('nginx'), {
      name: 'nginx',
      registry: 'docker.io',
      repository: 'library/nginx',
    });
    assert.deepEqual(parseImageRef('127.0.0.1:5000/team/api:v1.2.3'), {
      name: '127.0.0.1:5000/team/api',
      registry: '127.0.0.1:5000',
      repository: 'team/api',
      tag: 'v1.2.3',
    });
    assert.deepEqual(parseImageRef(`localhost/api@${D}`), {
      name: 'localhost/api',
      registry: 'localhost',
      repository: 'api',
      digest: D,
    });
    assert.equal(parseImageRef('team/api:1').registry, 'docker.io');
    assert.equal(formatImageRef(parseImageRef(`r.io/a:v1@${D}`)), `r.io/a:v1@${D}`);
  });

  it('refuses what is not a reference, with a hint', () => {
    for (const bad of ['', 'UPPER/case', 'a:b:c/d', 'a@sha256:xyz', 'a:-tag'])
      assert.throws(
        () => parseImageRef(bad),
        (e: unknown) => e instanceof ImageError && e.hint !== undefined,
      );
  });

  it('knows docker.io short names are the same repository', () => {
    assert.equal(sameImageName('nginx', 'docker.io/library/nginx'), true);
    assert.equal(sameImageName('r.io/a', 'r.io/b'), false);
  });
});
