// Repository URL and revision vetting: allowed transports, option/helper injection refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitError } from './errors.js';
import { parseRepoURL, safeForMessage } from './repo-url.js';
import { checkRevision } from './revision.js';

const rejectsURL = (u: string) =>
  assert.throws(
    () => parseRepoURL(u),
    (e: unknown) => e instanceof GitError && e.reason === 'InvalidRepoURL',
    u,
  );

describe('parseRepoURL', () => {
  it('accepts the allowed transports', () => {
    assert.equal(parseRepoURL('https://Example.com/org/repo.git').normalized, 'https://example.com/org/repo');
    assert.equal(parseRepoURL('ssh://git@host:2222/org/repo').transport, 'ssh');
    assert.equal(parseRepoURL('git@github.com:org/repo.git').normalized, 'ssh://git@github.com/org/repo');
    assert.equal(parseRepoURL('file:///tmp/repo').transport, 'file');
  });
  it('moves http credentials out of the URL git sees', () => {
    const r = parseRepoURL('https://alice:s3cret@example.com/repo.git');
    assert.equal(r.gitURL, 'https://example.com/repo.git');
    assert.deepEqual(r.embedded, { username: 'alice', password: 's3cret' });
    assert.ok(!r.normalized.includes('s3cret'));
    assert.ok(!safeForMessage('https://alice:s3cret@example.com/repo.git').includes('s3cret'));
  });
  it('refuses options, remote helpers and other transports', () => {
    for (const u of [
      '--upload-pack=touch /tmp/pwned',
      '-c core.sshCommand=evil',
      'ext::sh -c touch% /tmp/pwned',
      'fd::3',
      'ssh://-oProxyCommand=evil/x',
      'git@-oProxyCommand=evil:x',
      'git://example.com/repo',
      'ftp://example.com/repo',
      '/tmp/plain/path',
      'https://example.com/a b',
      'https://example.com/a\nb',
      '',
    ])
      rejectsURL(u);
  });
});

describe('checkRevision', () => {
  it('defaults to HEAD and keeps names and SHAs', () => {
    assert.equal(checkRevision(undefined), 'HEAD');
    assert.equal(checkRevision('release/1.2'), 'release/1.2');
    assert.equal(checkRevision('v1.0.0'), 'v1.0.0');
  });
  it('refuses option-like and revision-syntax values', () => {
    for (const r of ['--output=/tmp/x', '-c', 'HEAD~1', 'main^', 'a..b', 'main@{1}', 'x:y', 'a b']) {
      assert.throws(
        () => checkRevision(r),
        (e: unknown) => e instanceof GitError && e.reason === 'InvalidRevision',
        r,
      );
    }
  });
});
