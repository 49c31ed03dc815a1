// Chart versions from a repository index: exact versions as written, semver constraints to the newest match.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isExactChartVersion, pickVersion } from './helm-repo.js';

const index = ['2.0.0', '1.3.0', '1.3.1-rc.1', '1.2.4', '1.2.0', 'v0.9.0'].map((version) => ({ version }));
const pick = (v: string) => pickVersion(index, v)?.version;

describe('chart versions', () => {
  it('takes an exact version as written, with or without v', () => {
    assert.equal(pick('1.2.0'), '1.2.0');
    assert.equal(pick('0.9.0'), 'v0.9.0');
    assert.equal(pick('1.2.9'), undefined);
  });
  it('resolves a constraint to the newest matching release', () => {
    assert.equal(pick('1.2.*'), '1.2.4');
    assert.equal(pick('>=1.0.0 <2.0.0'), '1.3.0');
    assert.equal(pick('~1.3.0-0'), '1.3.1-rc.1');
    assert.equal(pick(''), '2.0.0');
    assert.equal(pick('*'), '2.0.0');
    assert.equal(pick('>=3'), undefined);
  });
  it('caches only exact versions', () => {
    assert.equal(isExactChartVersion('1.2.0'), true);
    assert.equal(isExactChartVersion('1.2.*'), false);
    assert.equal(isExactChartVersion(undefined), false);
  });
});
