// The Git write module against real git servers: a push over HTTP with the repository Secret's
// credentials (none of them left behind), a branch moved meanwhile (re-fetch, re-apply, retry),
// no change, base:target branches, and a commit in a user's checkout (`image set --dir`).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchEdit, commitInCheckout, GitError, RepoSettings, writeToGit } from '../../src/git/index.js';
import type { KubeObject } from '../../src/model/index.js';
import { git } from '../../src/render/testing/fixture-repo.js';
import { startHttpGitServer, type HttpGitServer } from '../e2e/git-servers.js';

const PASSWORD = 'write-secret-4711';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const repoSecret = (url: string, password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'repo', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
  data: { url: b64(url), username: b64('alice'), password: b64(password) },
});
const author = { name: 'Image Bot', email: 'bot@example.com' };

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []))
    if (e.isFile() && (await readFile(join(e.parentPath, e.name), 'utf8').catch(() => '')).includes(needle))
      hits.push(join(e.parentPath, e.name));
  return hits;
}

describe('git write', () => {
  let root: string;
  let bare: string;
  let server: HttpGitServer;
  let url: string;
  let work: string;
  const creds = () => new RepoSettings([repoSecret(url, PASSWORD)]);
  const show = (fmt: string, rev = 'main') => git(bare, 'log', '-1', `--format=${fmt}`, rev);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'driftless-git-write-'));
    const seed = join(root, 'seed');
    await git(root, 'init', '--quiet', '-b', 'main', seed);
    await writeFile(join(seed, 'values.yaml'), 'image:\n  tag: v1\n');
    await git(seed, 'add', '.');
    await git(seed, 'commit', '--quiet', '-m', 'seed');
    bare = join(root, 'repo.git');
    await git(root, 'clone', '--quiet', '--bare', seed, bare);
    server = await startHttpGitServer(root, { username: 'alice', password: PASSWORD });
    url = `${server.url}/${basename(bare)}`;
    work = join(root, 'work');
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('commits the edit as the author and pushes it with the repository credentials', async () => {
    const res = await writeToGit(
      {
        repoURL: url,
        author,
        message: 'set tag v2',
        edit: (tree) => writeFile(join(tree, 'values.yaml'), 'image:\n  tag: v2\n'),
      },
      { credentials: creds(), workRoot: work },
    );
    assert.equal(res.changed, true);
    assert.equal(res.pushed, true);
    assert.equal(res.branch, 'main');
    assert.deepEqual(res.files, ['values.yaml']);
    assert.equal(await show('%H'), res.sha);
    assert.equal(await show('%an <%ae>|%s'), 'Image Bot <bot@example.com>|set tag v2');
    assert.deepEqual(await filesContaining(work, PASSWORD), []);
    assert.deepEqual(await readdir(work), [], 'the private work tree is removed');
  });

  it('re-fetches and re-applies the edit when the branch moved before the push', async () => {
    const other = join(root, 'other');
    await git(root, 'clone', '--quiet', bare, other);
    let runs = 0;
    const res = await writeToGit(
      {
        repoURL: url,
        author,
        message: 'append',
        edit: async (tree) => {
          runs++;
          if (runs === 1) {
            // Someone else pushes first: our push must be rejected and retried on their commit.
            await writeFile(join(other, 'other.txt'), 'x\n');
            await git(other, 'add', '.');
            await git(other, 'commit', '--quiet', '-m', 'concurrent');
            await git(other, 'push', '--quiet', 'origin', 'main');
          }
          const f = join(tree, 'values.yaml');
          await writeFile(f, `${await readFile(f, 'utf8')}# run ${runs}\n`);
        },
      },
      { credentials: creds(), workRoot: work },
    );
    assert.equal(res.attempts, 2);
    assert.equal(runs, 2);
    assert.equal(await git(bare, 'log', '--format=%s', '-2', 'main'), 'append\nconcurrent');
    assert.equal(await git(bare, 'show', 'main:values.yaml'), 'image:\n  tag: v2\n# run 2');
  });

  it('a batch: one commit of every member that changed something; a failing member is left out, on every attempt', async () => {
    const other = join(root, 'other-batch');
    await git(root, 'clone', '--quiet', bare, other);
    let runs = 0;
    const batch = batchEdit([
      {
        id: 'a',
        edit: async (tree) => {
          runs++;
          if (runs === 1) {
            await writeFile(join(other, 'moved.txt'), 'x\n');
            await git(other, 'add', '.');
            await git(other, 'commit', '--quiet', '-m', 'concurrent batch');
            await git(other, 'push', '--quiet', 'origin', 'main');
          }
          await writeFile(join(tree, 'a.yaml'), `a: ${runs}\n`);
        },
      },
      {
        id: 'broken',
        edit: async (tree) => {
          await writeFile(join(tree, 'values.yaml'), 'half-written');
          await writeFile(join(tree, 'stray.yaml'), 'x: 1\n');
          throw new Error('no such key');
        },
      },
      { id: 'same', edit: async () => {} },
      { id: 'b', edit: (tree) => writeFile(join(tree, 'b.yaml'), 'b: 1\n') },
    ]);
    const res = await writeToGit(
      {
        repoURL: url,
        author,
        message: () => `batch of ${batch.outcome().changed.join(', ')}`,
        edit: batch.edit,
      },
      { credentials: creds(), workRoot: work },
    );
    assert.equal(res.attempts, 2);
    const out = batch.outcome();
    assert.deepEqual(
      [out.changed, out.unchanged, out.failed.map((f) => f.id)],
      [['a', 'b'], ['same'], ['broken']],
    );
    assert.deepEqual(res.files.sort(), ['a.yaml', 'b.yaml']);
    assert.equal(await git(bare, 'log', '--format=%s', '-2', 'main'), 'batch of a, b\nconcurrent batch');
    assert.equal(await git(bare, 'show', 'main:a.yaml'), 'a: 2');
    assert.doesNotMatch(await git(bare, 'show', 'main:values.yaml'), /half-written/);
  });

  it('writes nothing when the edit changes nothing, unless empty commits are allowed', async () => {
    const before = await show('%H');
    const same = { repoURL: url, author, message: 'noop', edit: async () => {} };
    const res = await writeToGit(same, { credentials: creds(), workRoot: work });
    assert.deepEqual([res.changed, res.pushed, await show('%H')], [false, false, before]);
    const empty = await writeToGit({ ...same, allowEmpty: true }, { credentials: creds(), workRoot: work });
    assert.equal(empty.pushed, true);
    assert.equal(await show('%P'), before);
  });

  it('creates a target branch from the base (base:target) and replaces it on the next write', async () => {
    for (const tag of ['v3', 'v4']) {
      const res = await writeToGit(
        {
          repoURL: url,
          baseBranch: 'main',
          targetBranch: 'image-updates',
          author,
          message: `tag ${tag}`,
          edit: (tree) => writeFile(join(tree, 'values.yaml'), `image:\n  tag: ${tag}\n`),
        },
        { credentials: creds(), workRoot: work },
      );
      assert.equal(res.branch, 'image-updates');
      assert.equal(await show('%P', 'image-updates'), await show('%H', 'main'));
    }
    assert.equal(await git(bare, 'show', 'image-updates:values.yaml'), 'image:\n  tag: v4');
  });

  it('fails with AuthenticationFailed, naming no secret, when the credentials are wrong', async () => {
    await assert.rejects(
      writeToGit(
        { repoURL: url, author, message: 'x', edit: async () => {} },
        { credentials: new RepoSettings([repoSecret(url, 'wrong-pass-99')]), workRoot: work },
      ),
      (e: unknown) =>
        e instanceof GitError && e.reason === 'AuthenticationFailed' && !e.message.includes('wrong-pass-99'),
    );
  });

  it('commits only under the folder of a user checkout and pushes to its origin', async () => {
    const checkout = join(root, 'checkout');
    await git(root, 'clone', '--quiet', bare, checkout);
    await git(checkout, 'config', 'user.name', 'CI');
    await git(checkout, 'config', 'user.email', 'ci@example.com');
    await writeFile(join(checkout, 'untracked-elsewhere.txt'), 'not mine\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(checkout, 'apps'));
    const res = await commitInCheckout({
      dir: join(checkout, 'apps'),
      message: 'ci write',
      push: true,
      edit: (d) => writeFile(join(d, 'a.yaml'), 'a: 1\n'),
    });
    assert.deepEqual([res.changed, res.pushed, res.files], [true, true, ['apps/a.yaml']]);
    assert.equal(await show('%an|%s'), 'CI|ci write');
    assert.equal(
      await git(bare, 'show', '--stat', '--format=', 'main').then((s) => s.includes('untracked')),
      false,
    );
  });
});
