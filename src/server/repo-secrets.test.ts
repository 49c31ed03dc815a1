// Which stored repository a URL names: spelling aside (case, `.git`, a trailing slash), scheme and port count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findRepoSecret, type StoredRepoSecret } from './repo-secrets.js';

const stored = (secretName: string, url: string, project?: string): StoredRepoSecret => ({
  kind: 'repository',
  secretName,
  version: '1',
  fields: { url, ...(project ? { project } : {}) },
});

const list = [
  stored('repo-a', 'https://git.example.com/team/config.git'),
  stored('repo-b', 'https://git.example.com:8443/team/config.git'),
  stored('repo-c', 'http://git.example.com/team/config'),
  stored('repo-d', 'https://git.example.com/team/config', 'team-a'),
];

test('the same repository however its URL is spelled', () => {
  for (const url of [
    'https://git.example.com/team/config',
    'https://GIT.example.com/team/config.git/',
    ' https://git.example.com/Team/Config.git ',
  ])
    assert.equal(findRepoSecret(list, url)?.secretName, 'repo-a', url);
});

test('another port or scheme of one host is another repository', () => {
  assert.equal(findRepoSecret(list, 'https://git.example.com:8443/team/config')?.secretName, 'repo-b');
  assert.equal(findRepoSecret(list, 'http://git.example.com/team/config.git')?.secretName, 'repo-c');
  assert.equal(findRepoSecret(list, 'https://git.example.com:9443/team/config'), undefined);
});

test('a project picks its own entry of a URL', () => {
  assert.equal(findRepoSecret(list, 'https://git.example.com/team/config', 'team-a')?.secretName, 'repo-d');
  assert.equal(findRepoSecret(list, 'https://git.example.com/team/config', '')?.secretName, 'repo-a');
});
