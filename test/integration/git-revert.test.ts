// The rollback edit against real git: a range of commits reverted as one staged change, a target that is
// not an earlier commit refused, and a revert that conflicts with a later commit refused and cleaned up.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitError, revertEdit } from '../../src/git/index.js';
import { git } from '../../src/render/testing/fixture-repo.js';

describe('revertEdit', () => {
  let dir: string;
  const commit = async (content: string, message: string) => {
    await writeFile(join(dir, 'web.yaml'), content);
    await git(dir, 'add', '-A');
    await git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message);
    return await git(dir, 'rev-parse', 'HEAD');
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftless-revert-'));
    await git(dir, 'init', '-q', '-b', 'main');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('stages the revert of every commit after the target; refuses a target that is not earlier', async () => {
    const good = await commit('image: v1\n', 'v1');
    await commit('image: v2\n', 'v2');
    const bad = await commit('image: v3\n', 'v3');
    await revertEdit(good, bad)(dir);
    assert.equal(await readFile(join(dir, 'web.yaml'), 'utf8'), 'image: v1\n');
    assert.equal(await git(dir, 'diff', '--cached', '--name-only'), 'web.yaml');
    await git(dir, 'reset', '-q', '--hard', 'HEAD');
    await assert.rejects(revertEdit(bad, good)(dir), (e: unknown) => {
      assert.ok(e instanceof GitError && e.reason === 'Conflict', String(e));
      assert.match(e.message, /is not an earlier commit/);
      return true;
    });
  });

  it('a revert that conflicts with a later commit is refused naming the file, and leaves no revert behind', async () => {
    const good = await git(dir, 'rev-parse', 'HEAD');
    const bad = await commit('image: v4\n', 'v4');
    await commit('image: v5\n', 'v5 on top of the bad one');
    await assert.rejects(revertEdit(good, bad)(dir), (e: unknown) => {
      assert.ok(e instanceof GitError && e.reason === 'Conflict', String(e));
      assert.match(e.message, /conflicts with later commits of the branch in web\.yaml/);
      return true;
    });
    assert.equal(await git(dir, 'status', '--porcelain'), '');
  });
});
