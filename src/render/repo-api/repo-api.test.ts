// The repo-server API between two ends in one test process: a real RepoService behind the server, the
// client's calls over a unix socket, typed errors across the wire, the token, and per-call settings.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../common/log.js';
import { GitError, type RemoteRefs } from '../../git/index.js';
import type { KubeObject } from '../../model/index.js';
import { RenderError } from '../errors.js';
import type { RepoPort } from '../repo-port.js';
import { RepoService } from '../repo-service.js';
import { makeFixtureRepo, type FixtureRepo } from '../testing/fixture-repo.js';
import { parseRepoServerAddress, remoteRepo } from './repo-api-client.js';
import { callRepository, startRepoApiServer, type RepoApiServer } from './repo-api-server.js';
import { RequestSettings } from './request-settings.js';
import { RepoServerError } from './wire.js';

const repoSecret = (url: string, password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'r', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
  stringData: { url, username: 'u', password },
});

// Over a unix socket in this file; TLS between the two ends is tested in src/main/repo-server-tls.test.ts.
const plaintext = { kind: 'plaintext' } as const;

describe('repo-server API', () => {
  let dir: string;
  let repo: FixtureRepo;
  let server: RepoApiServer;
  let socketPath: string;
  const token = 'test-token';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftless-repo-api-'));
    repo = await makeFixtureRepo();
    socketPath = join(dir, 'repo.sock');
    const settings = new RequestSettings();
    server = await startRepoApiServer({
      service: new RepoService({ cacheDir: join(dir, 'cache'), credentials: settings, sandbox: 'off' }),
      settings,
      token,
      listen: { socketPath },
      log: silentLogger,
    });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    await rm(repo.dir, { recursive: true, force: true });
  });
  const client = (t = token, objects: KubeObject[] = []) =>
    remoteRepo({
      address: `unix:${socketPath}`,
      token: t,
      objects: () => objects,
      timeoutMs: 30_000,
      transport: plaintext,
    });

  it('renders through the server as in process, and counts cached answers', async () => {
    const remote = client();
    const req = {
      appName: 'a',
      appNamespace: 'argocd',
      source: { repoURL: repo.url, targetRevision: repo.sha, path: 'directory/plain' },
    };
    const first = await remote.render(req);
    const local = await new RepoService({ cacheDir: join(dir, 'local'), sandbox: 'off' }).render(req);
    assert.deepEqual(first.objects, local.objects);
    assert.equal(first.revision, repo.sha);
    assert.equal((await remote.render(req)).cached, true);
    assert.deepEqual(remote.stats(), { gitSpawns: 0, toolSpawns: 0, cacheHits: 1, renders: 1 });
  });

  it('rebuilds typed errors: a render error keeps its reason, file and hint', async () => {
    const err = await client()
      .render({
        appName: 'a',
        appNamespace: 'argocd',
        source: { repoURL: repo.url, targetRevision: repo.sha, path: 'no/such/path' },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof RenderError, String(err));
    assert.equal(err.reason, 'PathNotFound');
    assert.ok(err.hint);
    const gitErr = await client()
      .resolveRevision(repo.url, 'no-such-branch')
      .catch((e: unknown) => e);
    assert.ok(gitErr instanceof GitError);
    assert.equal(gitErr.reason, 'UnknownRevision');
  });

  it('refuses a wrong token and says where the repo server is', async () => {
    const err = await client('wrong')
      .resolveRevision(repo.url, 'HEAD')
      .catch((e: unknown) => e);
    assert.ok(err instanceof RepoServerError);
    assert.match(err.message, /repo server at .*repo\.sock is not available: HTTP 401/);
  });

  it('an unreachable repo server is a RepoServerError, not a crash', async () => {
    const err = await remoteRepo({
      address: 'unix:/nonexistent/sock',
      token,
      objects: () => [],
      timeoutMs: 5_000,
      transport: plaintext,
    })
      .lsRemote(repo.url)
      .catch((e: unknown) => e);
    assert.ok(err instanceof RepoServerError);
    assert.equal(err.reason, 'RepoServerUnavailable');
  });

  it('sends only repository settings, trimmed to what the repo server needs', async () => {
    const objects: KubeObject[] = [
      {
        ...repoSecret(repo.url, 'pw'),
        metadata: {
          name: 'r',
          labels: { 'argocd.argoproj.io/secret-type': 'repository' },
          annotations: { a: 'b' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'argocd-secret' },
        data: { 'admin.password': 'eA==' },
      },
    ];
    // Seen from inside the server: the settings bound to the call.
    const seen: unknown[] = [];
    const settings = new RequestSettings();
    const unused = () => Promise.reject(new Error('not called'));
    const service: RepoPort = {
      render: unused,
      appDetails: unused,
      resolveRevision: unused,
      revisionMetadata: unused,
      testRepository: unused,
      changedFiles: unused,
      lsRemote: (url: string) => {
        seen.push(settings.accessFor(url).credentials);
        return Promise.resolve(new Map([['refs/heads/main', 'abc']]) as RemoteRefs);
      },
      stats: () => ({ gitSpawns: 0, toolSpawns: 0, cacheHits: 0, renders: 0 }),
    };
    const probe = await startRepoApiServer({
      service,
      settings,
      token,
      listen: { socketPath: join(dir, 'probe.sock') },
      log: silentLogger,
    });
    try {
      await remoteRepo({
        address: `unix:${join(dir, 'probe.sock')}`,
        token,
        objects: () => objects,
        timeoutMs: 5_000,
        transport: plaintext,
      }).lsRemote(repo.url);
    } finally {
      await probe.close();
    }
    assert.deepEqual(seen, [{ username: 'u', password: 'pw' }]);
    assert.equal(settings.accessFor(repo.url).credentials, undefined, 'nothing outlives the call');
  });
});

describe('callRepository', () => {
  it('finds the repository of each call shape, for the pending-request metric', () => {
    const url = 'https://git.example/a.git';
    assert.equal(callRepository([url, 'HEAD']), url);
    assert.equal(callRepository([{ appName: 'a', source: { repoURL: url } }]), url);
    assert.equal(callRepository([{ url, type: 'git' }]), url);
    assert.equal(callRepository([{ repoURL: url, chart: 'c' }]), url);
    assert.equal(callRepository([{ appName: 'a' }]), undefined);
    assert.equal(callRepository([]), undefined);
  });
});

describe('parseRepoServerAddress', () => {
  it('reads host:port, a bare host (port 8081), [ipv6]:port and unix sockets', () => {
    assert.deepEqual(parseRepoServerAddress('driftless-repo-server:8081'), {
      host: 'driftless-repo-server',
      port: 8081,
    });
    assert.deepEqual(parseRepoServerAddress('repo'), { host: 'repo', port: 8081 });
    assert.deepEqual(parseRepoServerAddress('[::1]:9000'), { host: '::1', port: 9000 });
    assert.deepEqual(parseRepoServerAddress('unix:/run/repo.sock'), { socketPath: '/run/repo.sock' });
  });
  it('refuses a URL or junk with the forms that work', () => {
    for (const bad of ['http://repo:8081', 'a b', ''])
      assert.throws(() => parseRepoServerAddress(bad), /invalid repo server address[\s\S]*/);
  });
});
