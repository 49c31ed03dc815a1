// Git over HTTP served by `git http-backend` on loopback, with and without basic auth; the
// password never shows up in errors or in the cache directory.
import assert from 'node:assert/strict';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitError, RepoSettings } from '../../src/git/index.js';
import type { KubeObject } from '../../src/model/index.js';
import { RepoService } from '../../src/render/index.js';
import { makeFixtureRepo, type FixtureRepo } from '../../src/render/testing/fixture-repo.js';
import { startHttpGitServer, type HttpGitServer } from '../e2e/git-servers.js';

const PASSWORD = 'hunter2-very-secret';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const repoSecret = (url: string, password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
  data: { url: b64(url), username: b64('alice'), password: b64(password) },
});

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && (await readFile(join(e.parentPath, e.name), 'utf8').catch(() => '')).includes(needle))
      hits.push(e.name);
    if (e.name.includes(needle) || e.parentPath.includes(needle)) hits.push(e.name);
  }
  return hits;
}

describe('git over http', () => {
  let repo: FixtureRepo;
  let open: HttpGitServer;
  let locked: HttpGitServer;
  let cache: string;
  let openURL: string;
  let lockedURL: string;
  before(async () => {
    repo = await makeFixtureRepo();
    open = await startHttpGitServer(dirname(repo.dir));
    locked = await startHttpGitServer(dirname(repo.dir), { username: 'alice', password: PASSWORD });
    openURL = `${open.url}/${basename(repo.dir)}`;
    lockedURL = `${locked.url}/${basename(repo.dir)}`;
    cache = await mkdtemp(join(tmpdir(), 'driftless-http-cache-'));
  });
  after(async () => {
    await open.close();
    await locked.close();
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('renders from a public repository', async () => {
    const svc = new RepoService({ cacheDir: join(cache, 'open') });
    const res = await svc.render({
      appName: 'web',
      appNamespace: 'argocd',
      source: { repoURL: openURL, targetRevision: 'main', path: 'kustomize/overlays/production' },
    });
    assert.equal(res.revision, repo.sha);
    assert.equal(res.sourceType, 'Kustomize');
    assert.ok(res.objects.some((o) => o.kind === 'Deployment' && o.metadata.namespace === 'production'));
  });

  it('authenticates with a repository secret, password kept out of argv, URLs and disk', async () => {
    const dir = join(cache, 'auth');
    const svc = new RepoService({
      cacheDir: dir,
      credentials: new RepoSettings([repoSecret(lockedURL, PASSWORD)]),
    });
    const res = await svc.render({
      appName: 'a',
      appNamespace: 'argocd',
      source: { repoURL: lockedURL, targetRevision: 'v1', path: 'directory/plain' },
    });
    assert.equal(res.revision, repo.sha);
    assert.ok(locked.unauthorized > 0, 'the server demanded credentials');
    assert.deepEqual(await filesContaining(dir, PASSWORD), []);
  });

  it('reports wrong or missing credentials as AuthenticationFailed without the password', async () => {
    for (const credentials of [new RepoSettings([repoSecret(lockedURL, 'wrong-password-123')]), undefined]) {
      const svc = new RepoService({ cacheDir: join(cache, 'bad'), credentials });
      await assert.rejects(svc.resolveRevision(lockedURL, 'main'), (e: unknown) => {
        assert.ok(e instanceof GitError);
        assert.equal(e.reason, 'AuthenticationFailed', e.message);
        assert.ok(!e.message.includes('wrong-password-123'));
        return true;
      });
    }
  });

  it('accepts credentials embedded in the URL without writing them anywhere', async () => {
    const dir = join(cache, 'embedded');
    const url = lockedURL.replace('http://', `http://alice:${PASSWORD}@`);
    const svc = new RepoService({ cacheDir: dir });
    assert.equal(await svc.resolveRevision(url, 'main'), repo.sha);
    const res = await svc.render({
      appName: 'a',
      appNamespace: 'argocd',
      source: { repoURL: url, targetRevision: repo.sha, path: 'directory/plain' },
    });
    assert.ok(res.objects.length > 0);
    assert.deepEqual(await filesContaining(dir, PASSWORD), []);
  });
});
