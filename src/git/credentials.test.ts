// Repository settings from Argo CD Secrets and ConfigMaps: exact repository by URL and project,
// longest repo-creds prefix, inheritance of template credentials, and live rebuilds on change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../model/index.js';
import { LiveRepoSettings, RepoSettings } from './credentials.js';
import { parseLsRemote, resolveFromRefs, tagsPointingAt } from './ls-remote.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
function secret(name: string, type: string, data: Record<string, string>, rv = '1'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, resourceVersion: rv, labels: { 'argocd.argoproj.io/secret-type': type } },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}
const configMap = (name: string, data: Record<string, string>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, resourceVersion: '1' }, data }) as KubeObject;

describe('RepoSettings', () => {
  const p = new RepoSettings([
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
    secret('nocreds', 'repository', { url: 'https://git.example.com/team/open', proxy: 'http://proxy:3128' }),
    secret('scoped', 'repository', {
      url: 'https://git.example.com/private/x',
      project: 'alpha',
      bearerToken: 't',
    }),
    secret('nolabel', 'cluster', { url: 'https://other.example.com', username: 'x' }),
    configMap('argocd-ssh-known-hosts-cm', { ssh_known_hosts: 'ssh.example.com ssh-ed25519 AAAA\n' }),
    configMap('argocd-tls-certs-cm', { 'git.example.com': '-----BEGIN CERTIFICATE-----' }),
  ]);
  const creds = (url: string, project?: string) => p.accessFor(url, project).credentials;
  it('prefers the exact repository secret, ignoring .git and case of the host', () => {
    assert.equal(creds('https://GIT.example.com/team/app')?.username, 'u1');
  });
  it('falls back to the longest matching template', () => {
    assert.equal(creds('https://git.example.com/team/other.git')?.username, 'u2');
    const host = creds('https://git.example.com/elsewhere/x');
    assert.equal(host?.username, 'u3');
    assert.equal(host?.insecure, true);
    assert.equal(creds('git@ssh.example.com:org/repo.git')?.sshPrivateKey, 'KEY');
  });
  it('gives a repository without credentials those of its template, keeping its own settings', () => {
    const c = creds('https://git.example.com/team/open');
    assert.equal(c?.username, 'u2');
    assert.equal(c?.proxy, 'http://proxy:3128');
  });
  it('uses a project-scoped repository only for that project', () => {
    assert.equal(creds('https://git.example.com/private/x', 'alpha')?.bearerToken, 't');
    const other = p.accessFor('https://git.example.com/private/x', 'beta');
    assert.equal(other.credentials?.bearerToken, undefined);
    assert.equal(other.credentials?.username, 'u3', 'the host template still applies, as in Argo CD');
    const elsewhere = new RepoSettings([
      secret('scoped', 'repository', { url: 'https://h.example.com/x', project: 'alpha', password: 'p' }),
    ]);
    assert.deepEqual(elsewhere.accessFor('https://h.example.com/x', 'beta'), { scopedTo: ['alpha'] });
  });
  it('ignores unrelated secrets', () => {
    assert.deepEqual(p.accessFor('https://other.example.com/repo'), {});
  });
  it('reads known hosts and per-host CA certificates from their ConfigMaps', () => {
    assert.match(p.sshKnownHosts(), /ssh-ed25519 AAAA/);
    assert.match(p.tlsCertsFor('git.example.com') ?? '', /BEGIN CERTIFICATE/);
    assert.equal(p.tlsCertsFor('other.example.com'), undefined);
  });
});

describe('LiveRepoSettings', () => {
  it('sees a rotated password on the next call, and rebuilds only on change', () => {
    let objects = [secret('r', 'repository', { url: 'https://h/x', password: 'old' }, '1')];
    const live = new LiveRepoSettings(() => objects);
    assert.equal(live.accessFor('https://h/x').credentials?.password, 'old');
    const first = live.current();
    assert.equal(live.current(), first, 'unchanged objects reuse the snapshot');
    objects = [secret('r', 'repository', { url: 'https://h/x', password: 'new' }, '2')];
    assert.equal(live.accessFor('https://h/x').credentials?.password, 'new');
    objects = [];
    assert.deepEqual(live.accessFor('https://h/x'), {});
  });
});

describe('ls-remote resolution', () => {
  const refs = parseLsRemote(
    [
      'a'.repeat(40) + '\tHEAD',
      'b'.repeat(40) + '\trefs/heads/main',
      'c'.repeat(40) + '\trefs/tags/v1',
      'd'.repeat(40) + '\trefs/tags/v1^{}',
      'b'.repeat(40) + '\trefs/tags/light',
    ].join('\n'),
  );
  it('resolves HEAD, branches and peeled tags', () => {
    assert.equal(resolveFromRefs(refs, 'HEAD'), 'a'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'main'), 'b'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'v1'), 'd'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'refs/heads/main'), 'b'.repeat(40));
    assert.equal(resolveFromRefs(refs, 'nope'), undefined);
  });
  it('names the tags that point at a commit', () => {
    assert.deepEqual(tagsPointingAt(refs, 'd'.repeat(40)), ['v1']);
    assert.deepEqual(tagsPointingAt(refs, 'b'.repeat(40)), ['light']);
  });
});
