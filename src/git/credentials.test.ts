// Credentials from Argo CD repository / repo-creds Secrets: exact match, then longest prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../model/index.js';
import { SecretCredentialProvider } from './credentials.js';
import { parseLsRemote, resolveFromRefs } from './ls-remote.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
function secret(name: string, type: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, labels: { 'argocd.argoproj.io/secret-type': type } },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

describe('SecretCredentialProvider', () => {
  const p = new SecretCredentialProvider([
    secret('exact', 'repository', {
      url: 'https://git.example.com/team/app.git',
      username: 'u1',
      password: 'p1',
    }),
    secret('org', 'repo-creds', { url: 'https://git.example.com/team', username: 'u2', password: 'p2' }),
    secret('host', 'repo-creds', {
      url: 'https://git.example.com',
      username: 'u3',
      password: 'p3',
      insecure: 'true',
    }),
    secret('ssh', 'repo-creds', {
      url: 'git@ssh.example.com:',
      sshPrivateKey: 'KEY',
      insecureIgnoreHostKey: 'true',
    }),
    secret('nolabel', 'cluster', { url: 'https://other.example.com', username: 'x' }),
  ]);
  it('prefers the exact repository secret', () => {
    assert.equal(p.credentialsFor('https://git.example.com/team/app')?.username, 'u1');
  });
  it('falls back to the longest matching template', () => {
    assert.equal(p.credentialsFor('https://git.example.com/team/other.git')?.username, 'u2');
    const host = p.credentialsFor('https://git.example.com/elsewhere/x');
    assert.equal(host?.username, 'u3');
    assert.equal(host?.insecure, true);
    assert.equal(p.credentialsFor('git@ssh.example.com:org/repo.git')?.sshPrivateKey, 'KEY');
  });
  it('ignores unrelated secrets', () => {
    assert.equal(p.credentialsFor('https://other.example.com/repo'), undefined);
  });
});

describe('ls-remote resolution', () => {
  const refs = parseLsRemote(
    [
      'a'.repeat(40) + '\tHEAD',
      'b'.repeat(40) + '\trefs/heads/main',
      'c'.repeat(40) + '\trefs/tags/v1',
      'd'.repeat(40) + '\trefs/tags/v1^{}',
    ].join('\n'),
  );
  it('resolves HEAD, branches and peeled tags', () => {
    assert.equal(resolveFromRefs(refs, 'HEAD'), 'a'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'main'), 'b'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'v1'), 'd'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'refs/heads/main'), 'b'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'nope'), undefined);
  });
});
