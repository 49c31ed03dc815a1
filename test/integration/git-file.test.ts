// Git over file://: revision resolution, shared fetches, new commits, limits, and refused input.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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

async function readdirOne(dir: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const [first] = await readdir(dir);
  assert.ok(first, `${dir} is empty`);
  return first;
}

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

  it('reads a bare repository whose HEAD names a missing branch, and names its URL as written', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'driftless-git-bare-'));
    const bare = join(parent, 'config.git');
    await git(parent, 'init', '--quiet', '--bare', bare);
    await git(bare, 'symbolic-ref', 'HEAD', 'refs/heads/master'); // the branch nobody pushes
    await git(repo.dir, 'push', '--quiet', bare, 'main');
    const url = `file://${bare}`;
    const store = new RepoStore({ cacheDir: join(parent, 'cache') });
    const sha = await store.resolveRevision(url, 'main');
    assert.equal(sha, repo.sha);
    assert.ok((await store.checkout(url, sha)).endsWith(sha));
    await assert.rejects(store.resolveRevision(url, 'HEAD'), (e: unknown) => {
      isGitError('UnknownRevision')(e);
      assert.ok((e as Error).message.includes(url), `names ${url}: ${(e as Error).message}`);
      return true;
    });
    await rm(parent, { recursive: true, force: true });
  });

  it('resolves a semver constraint to the newest matching tag', async () => {
    const store = new RepoStore({ cacheDir: cache });
    const v12 = await commitFile(
      repo,
      'extra/v.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    );
    await git(repo.dir, 'tag', '-a', '-m', 'release', 'v1.2.0');
    const v13 = await commitFile(
      repo,
      'extra/v.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n',
    );
    await git(repo.dir, 'tag', 'v1.3.0');
    await git(repo.dir, 'tag', 'v2.0.0-rc.1');
    assert.equal(await store.resolveRevision(repo.url, '1.2.*', { noCache: true }), v12);
    assert.equal(await store.resolveRevision(repo.url, '>=1.0.0 <2.0.0'), v13);
    assert.equal(await store.resolveRevision(repo.url, '^1.2'), v13);
    await assert.rejects(store.resolveRevision(repo.url, '>=3.0.0'), (e: unknown) => {
      isGitError('UnknownRevision')(e);
      assert.match((e as Error).message, /matches the version constraint ">=3.0.0"/);
      return true;
    });
    const meta = await store.revisionMetadata(repo.url, v12);
    assert.deepEqual(meta.tags, ['v1.2.0']);
    for (const t of ['v1.2.0', 'v1.3.0', 'v2.0.0-rc.1']) await git(repo.dir, 'tag', '-d', t);
    await git(repo.dir, 'reset', '--quiet', '--hard', repo.sha);
  });

  it('fetches only the commit asked for, one level deep', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-shallow-'));
    const next = await commitFile(
      repo,
      'extra/s.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n',
    );
    const store = new RepoStore({ cacheDir: dir });
    const tree = await store.checkout(repo.url, next);
    assert.ok(tree.endsWith(next));
    const shallow = await readFile(
      join(dir, 'repos', await readdirOne(join(dir, 'repos')), 'git', 'shallow'),
      'utf8',
    );
    assert.ok(shallow.includes(next), 'the cache holds one commit, not the history');
    // An abbreviated SHA of an older commit needs history: the cache fills it in.
    assert.equal(await store.resolveRevision(repo.url, repo.sha.slice(0, 10)), repo.sha);
    await git(repo.dir, 'reset', '--quiet', '--hard', repo.sha);
    await rm(dir, { recursive: true, force: true });
  });

  it('checks out submodules at the commit the superproject records, with relative URLs', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'driftless-git-sub-'));
    const lib = join(parent, 'lib');
    const top = join(parent, 'top');
    for (const d of [lib, top]) await git(parent, 'init', '--quiet', '--initial-branch=main', d);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(lib, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-lib}\n');
    await git(lib, 'add', '-A');
    await git(lib, 'commit', '--quiet', '-m', 'lib');
    await git(top, '-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', '../lib', 'vendor/lib');
    await git(top, 'commit', '--quiet', '-m', 'with submodule');
    const sha = await git(top, 'rev-parse', 'HEAD');
    const store = new RepoStore({ cacheDir: join(parent, 'cache') });
    const tree = await store.checkout(`file://${top}`, sha);
    assert.match(await readFile(join(tree, 'vendor', 'lib', 'cm.yaml'), 'utf8'), /from-lib/);
    assert.ok(!(await stat(join(tree, 'vendor', 'lib', '.git')).catch(() => undefined)));
    await rm(parent, { recursive: true, force: true });
  });

  it('refuses Git LFS with a clear message', async () => {
    const store = new RepoStore({
      cacheDir: cache,
      credentials: {
        accessFor: () => ({ credentials: { enableLfs: true } }),
        sshKnownHosts: () => '',
        tlsCertsFor: () => undefined,
      },
    });
    await assert.rejects(store.resolveRevision(repo.url, 'main'), (e: unknown) => {
      isGitError('Unsupported')(e);
      assert.match((e as Error).message, /Git LFS is not supported/);
      return true;
    });
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

  it('hard resolves (noCache) in a burst share an ls-remote that started after they asked', async () => {
    const own = await makeFixtureRepo();
    const dir = await mkdtemp(join(tmpdir(), 'driftless-git-fresh-'));
    const store = new RepoStore({ cacheDir: dir });
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => store.resolveRevision(own.url, 'HEAD', { noCache: true })),
    );
    assert.deepEqual(new Set(burst), new Set([own.sha]));
    assert.equal(
      store.spawns,
      2,
      "the first caller's ls-remote, then one for the 19 that asked while it ran",
    );
    // Asked while an ls-remote runs, after a new commit: the answer comes from a later ls-remote.
    const during = store.resolveRevision(own.url, 'HEAD', { noCache: true });
    const next = await commitFile(own, 'fresh.txt', 'new');
    assert.equal(await store.resolveRevision(own.url, 'HEAD', { noCache: true }), next);
    await during;
    await rm(own.dir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
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
