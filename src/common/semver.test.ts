// Semver constraints as Argo CD reads them in targetRevision, checked on plain tag lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, maxSatisfying, parseConstraint, parseVersion } from './semver.js';

const TAGS = [
  'v0.9.0',
  'v1.0.0',
  'v1.2.0',
  'v1.2.7',
  'v1.3.0-rc.1',
  'v1.3.0',
  'v2.0.0',
  'release-7',
  'latest',
];

function newest(constraint: string, tags = TAGS): string | undefined {
  const c = parseConstraint(constraint);
  assert.ok(c, `${constraint} should parse`);
  return maxSatisfying(tags, c)?.raw;
}

describe('semver constraints', () => {
  it('resolves wildcards, tilde, caret and ranges to the newest matching tag', () => {
    assert.equal(newest('1.2.*'), 'v1.2.7');
    assert.equal(newest('1.2.x'), 'v1.2.7');
    assert.equal(newest('~1.2'), 'v1.2.7');
    assert.equal(newest('~1.2.3'), 'v1.2.7');
    assert.equal(newest('^1.0'), 'v1.3.0');
    assert.equal(newest('^0.9.0'), 'v0.9.0');
    assert.equal(newest('>=1.0.0 <2.0.0'), 'v1.3.0');
    assert.equal(newest('>= 1.0.0, < 1.3.0'), 'v1.2.7');
    assert.equal(newest('1.0 - 1.2'), 'v1.2.7');
    assert.equal(newest('<1.0.0 || >=2.0.0'), 'v2.0.0');
    assert.equal(newest('*'), 'v2.0.0');
    assert.equal(newest('1.2.0'), 'v1.2.0');
    assert.equal(newest('!=2.0.0'), 'v1.3.0');
    assert.equal(newest('>1.2'), 'v2.0.0');
    assert.equal(newest('<=1.2'), 'v1.2.7');
  });
  it('leaves prereleases out unless the constraint names one', () => {
    assert.equal(newest('>=1.3.0-rc.0 <1.3.0'), 'v1.3.0-rc.1');
    assert.equal(newest('~1.3.0', ['v1.3.0-rc.1']), undefined);
  });
  it('is not a constraint when the text is a branch name', () => {
    for (const name of ['main', 'HEAD', 'feature/x', 'release-1.2', ''])
      assert.equal(parseConstraint(name), undefined);
  });
  it('orders versions with prereleases before the release', () => {
    const a = parseVersion('1.0.0-alpha.2');
    const b = parseVersion('1.0.0-alpha.10');
    const c = parseVersion('1.0.0');
    assert.ok(a && b && c);
    assert.ok(compareVersions(a, b) < 0);
    assert.ok(compareVersions(b, c) < 0);
    assert.equal(parseVersion('v1.2')?.patch, 0);
    assert.equal(parseVersion('release-7'), undefined);
  });
});
