// Git over file://: revision resolution, shared fetches, new commits, limits, and refused input.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitError, RepoStore } from '../../src/git/index.js';
import { commitFile, git, makeFixtureRepo, type FixtureRepo } from '../../src/render/testing/fixture-repo.js';

const isGitError = (reason: string) => (e: unknown) => {
  assert.ok(e instanceof GitError, `expected GitError, got ${String(e)}`);
  assert.equal(e.reason, reason);
  assert.ok(e.hint);
  return true;
};

describe('git over file://', () => {
  let repo: FixtureRepo;
  let cache: string;
  before(async () => {
    repo = await makeFixtureRepo();
    cache = await mkdtemp(join(tmpdir(), 'driftless-git-cache-'));
  });
  after(async () => {
    await rm(repo.dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('resolves HEAD, a branch, a tag, a full and a short SHA', async () => {
    const store = new RepoStore({ cacheDir: cache });
    assert.equal(await store.resolveRevision(repo.url, 'HEAD'), repo.sha);
    assert.equal(await store.resolveRevision(repo.url, ''), repo.sha);
    assert.equal(await store.resolveRevision(repo.url, 'main'), repo.sha);
    assert.equal(await store.resolveRevision(repo.url, 'v1'), repo.sha);
    assert.equal(await store.resolveRevision(repo.url, repo.sha), repo.sha);
    assert.equal(await store.resolveRevision(repo.url, repo.sha.slice(0, 8)), repo.sha);
  });

  it('reports an unknown revision as UnknownRevision', async () => {
    const store = new RepoStore({ cacheDir: cache });
    await assert.rejects(store.resolveRevision(repo.url, 'no-such-branch'), isGitError('UnknownRevision'));
    await assert.rejects(store.checkout(repo.url, 'f'.repeat(40)), isGitError('UnknownRevision'));
  });

  it('shares one fetch between concurrent checkouts of one repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-shared-'));
    const store = new RepoStore({ cacheDir: dir });
    const paths = await Promise.all(Array.from({ length: 8 }, () => store.checkout(repo.url, repo.sha)));
    assert.equal(new Set(paths).size, 1);
    // init + fetch + cat-file checks + one checkout: far fewer than one fetch per caller.
    assert.ok(store.spawns <= 6, `spawned ${store.spawns} git processes`);
    await rm(dir, { recursive: true, force: true });
  });

  it('sees a new commit on hard refresh and trusts the cached ref otherwise', async () => {
    const store = new RepoStore({ cacheDir: cache, revisionCacheTtlMs: 60_000 });
    assert.equal(await store.resolveRevision(repo.url, 'main'), repo.sha);
    const next = await commitFile(
      repo,
      'extra/new.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n',
    );
    const spawns = store.spawns;
    assert.equal(await store.resolveRevision(repo.url, 'main'), repo.sha, 'within the TTL: no ls-remote');
    assert.equal(store.spawns, spawns);
    assert.equal(await store.resolveRevision(repo.url, 'main', { noCache: true }), next);
    const tree = await store.checkout(repo.url, next);
    assert.ok(tree.endsWith(next));
    await git(repo.dir, 'reset', '--quiet', '--hard', repo.sha);
  });

  it('refuses URLs and revisions git could read as options, without running git', async () => {
    const store = new RepoStore({ cacheDir: cache });
    await assert.rejects(
      store.resolveRevision('--upload-pack=touch /tmp/pwned', 'HEAD'),
      isGitError('InvalidRepoURL'),
    );
    await assert.rejects(
      store.resolveRevision('ext::sh -c touch% /tmp/pwned', 'HEAD'),
      isGitError('InvalidRepoURL'),
    );
    await assert.rejects(
      store.resolveRevision(repo.url, '--output=/tmp/pwned'),
      isGitError('InvalidRevision'),
    );
    assert.equal(store.spawns, 0);
  });

  it('reports an unreachable repository', async () => {
    const store = new RepoStore({ cacheDir: cache });
    await assert.rejects(
      store.resolveRevision('file:///nonexistent/repo', 'HEAD'),
      isGitError('Unreachable'),
    );
  });

  it('fails a clone over the size limit with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-big-'));
    const store = new RepoStore({ cacheDir: dir, maxRepoBytes: 1024 });
    await assert.rejects(store.checkout(repo.url, repo.sha), (e: unknown) => {
      isGitError('TooLarge')(e);
      assert.match((e as Error).message, /larger than the limit/);
      return true;
    });
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a clone over the time limit with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-slow-'));
    const store = new RepoStore({ cacheDir: dir, fetchTimeoutMs: 1 });
    await assert.rejects(store.checkout(repo.url, repo.sha), isGitError('Timeout'));
    await rm(dir, { recursive: true, force: true });
  });
});
