import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readImageConfig } from './annotations.js';
import { ImageError } from './errors.js';
import { allowedTags, newestBuildPick, semverPick } from './strategies.js';

const P = 'argocd-image-updater.argoproj.io/';

describe('image updater annotations', () => {
  it('reads the seed: alias, semver, allow-tags (bare or regexp:), git write-back', () => {
    for (const allow of ['^v[0-9]+\\.[0-9]+\\.[0-9]+$', 'regexp:^v[0-9]+\\.[0-9]+\\.[0-9]+$']) {
      const c = readImageConfig('platform-api', {
        [`${P}image-list`]: 'api=registry.solvethenetwork.com/platform/api',
        [`${P}api.update-strategy`]: 'semver',
        [`${P}api.allow-tags`]: allow,
        [`${P}write-back-method`]: 'git',
      });
      const spec = c?.images[0];
      assert.equal(spec?.alias, 'api');
      assert.equal(spec?.image.registry, 'registry.solvethenetwork.com');
      assert.equal(spec?.strategy, 'semver');
      assert.deepEqual(
        allowedTags(spec ?? { allowTags: undefined, ignoreTags: [] }, ['v1.3.0', 'latest', 'v2.0.0-rc1']),
        ['v1.3.0'],
      );
      assert.deepEqual(c?.writeBack, {
        method: 'git',
        secret: undefined,
        baseBranch: undefined,
        targetBranch: undefined,
        target: undefined,
      });
    }
  });

  it('reads old strategy names, constraints, helm/kustomize names, branches, targets and git secrets', () => {
    const c = readImageConfig('a', {
      [`${P}image-list`]: 'x=r.io/x:~1.2, r.io/y',
      [`${P}x.update-strategy`]: 'latest',
      [`${P}x.ignore-tags`]: 'latest, *-rc*',
      [`${P}x.helm.image-tag`]: 'x.tag',
      [`${P}x.kustomize.image-name`]: 'x-app',
      [`${P}write-back-method`]: 'git:secret:argocd/git-creds',
      [`${P}git-branch`]: 'main:image-updater-{{.SHA256}}',
      [`${P}write-back-target`]: 'helmvalues:/env/values.yaml',
    });
    assert.equal(c?.images[0]?.strategy, 'newest-build');
    assert.equal(c?.images[0]?.constraint, '~1.2');
    assert.deepEqual(c?.images[0]?.helm, { imageTag: 'x.tag' });
    assert.equal(c?.images[0]?.kustomizeName, 'x-app');
    assert.equal(c?.images[1]?.strategy, 'semver');
    assert.deepEqual(c?.writeBack, {
      method: 'git',
      secret: 'argocd/git-creds',
      baseBranch: 'main',
      targetBranch: 'image-updater-{{.SHA256}}',
      target: { kind: 'helmvalues', path: '/env/values.yaml' },
    });
    assert.equal(readImageConfig('a', {}), undefined);
  });

  it('refuses unknown strategies and methods with a hint', () => {
    for (const extra of [
      { [`${P}x.update-strategy`]: 'newest' },
      { [`${P}write-back-method`]: 'svn' },
      { [`${P}write-back-method`]: 'git', [`${P}write-back-target`]: 'helmvalues' },
    ])
      assert.throws(
        () => readImageConfig('a', { [`${P}image-list`]: 'x=r.io/x', ...extra }),
        (e: unknown) => e instanceof ImageError && e.hint !== undefined,
      );
  });
});

describe('update strategies', () => {
  it('semver: highest release satisfying the constraint; pre-releases only when asked', () => {
    const tags = ['v1.2.0', 'v1.3.0', 'v2.0.0-rc1', 'latest', '1.10.0'];
    assert.equal(semverPick(tags, undefined), '1.10.0');
    assert.equal(semverPick(tags, '~1.2'), 'v1.2.0');
    assert.equal(semverPick(tags, '>=2.0.0-0'), 'v2.0.0-rc1');
    assert.equal(semverPick(['latest'], undefined), undefined);
  });

  it('newest-build: the latest creation time', () => {
    assert.equal(
      newestBuildPick(
        ['a', 'b', 'c'],
        new Map([
          ['a', 3],
          ['b', 9],
          ['c', 1],
        ]),
      ),
      'b',
    );
  });
});
