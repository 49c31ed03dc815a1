// Git over ssh against a throwaway sshd on loopback: key auth with known_hosts, an unknown host
// key refused, and insecureIgnoreHostKey honoured.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitError, RepoStore, type CredentialProvider } from '../../src/git/index.js';
import { makeFixtureRepo, type FixtureRepo } from '../../src/render/testing/fixture-repo.js';
import { missingTool } from '../../src/common/testing/missing-tool.js';
import { sshdPath, startSshGitServer, type SshGitServer } from '../e2e/git-servers.js';

const skip = !sshdPath
  ? missingTool('sshd', 'apt-get install openssh-server')
  : process.getuid?.() !== 0
    ? 'sshd on loopback needs root'
    : false;

describe('git over ssh', { skip }, () => {
  let repo: FixtureRepo;
  let sshd: SshGitServer;
  let cache: string;
  let url: string;
  before(async () => {
    repo = await makeFixtureRepo();
    sshd = await startSshGitServer();
    cache = await mkdtemp(join(tmpdir(), 'driftless-ssh-cache-'));
    url = `ssh://root@127.0.0.1:${sshd.port}${repo.dir}`;
  });
  after(async () => {
    await sshd.close();
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });
  const withKey = (
    extra: { insecureIgnoreHostKey?: boolean } = {},
    knownHosts = sshd.knownHosts,
  ): CredentialProvider => ({
    accessFor: () => ({ credentials: { sshPrivateKey: sshd.clientKey, ...extra } }),
    sshKnownHosts: () => knownHosts,
    tlsCertsFor: () => undefined,
  });

  it('fetches with a private key and a known host key', async () => {
    const store = new RepoStore({
      cacheDir: join(cache, 'ok'),
      credentials: withKey(),
    });
    assert.equal(await store.resolveRevision(url, 'main'), repo.sha);
    assert.ok((await store.checkout(url, repo.sha)).endsWith(repo.sha));
  });

  it('refuses an unknown host key', async () => {
    const store = new RepoStore({
      cacheDir: join(cache, 'unknown'),
      credentials: withKey({}, ''),
    });
    await assert.rejects(store.resolveRevision(url, 'main'), (e: unknown) => {
      assert.ok(e instanceof GitError);
      assert.equal(e.reason, 'HostKeyVerificationFailed');
      assert.ok(!e.message.includes('PRIVATE KEY'));
      return true;
    });
  });

  it('honours insecureIgnoreHostKey', async () => {
    const store = new RepoStore({
      cacheDir: join(cache, 'insecure'),
      credentials: withKey({ insecureIgnoreHostKey: true }),
    });
    assert.equal(await store.resolveRevision(url, 'HEAD'), repo.sha);
  });

  it('reports a key the server does not accept', async () => {
    const store = new RepoStore({
      cacheDir: join(cache, 'nokey'),
      credentials: {
        accessFor: () => ({}),
        sshKnownHosts: () => sshd.knownHosts,
        tlsCertsFor: () => undefined,
      },
    });
    await assert.rejects(
      store.resolveRevision(url, 'main'),
      (e: unknown) => e instanceof GitError && e.reason === 'AuthenticationFailed',
    );
  });
});
