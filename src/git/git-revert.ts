// The edit of a rollback through Git: revert every commit after `target` up to `deployed` in one change
// (`git revert --no-commit target..deployed`) inside a write's private work tree; a conflict is refused.
import { exec } from '../common/exec.js';
import { GitError } from './errors.js';
import { isFullSha } from './revision.js';

const ENV = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1' };

async function git(tree: string, args: string[]) {
  return exec('git', args, { cwd: tree, env: ENV, timeoutMs: 120_000 });
}

/**
 * An edit for writeToGit (fetched with full depth): leaves the revert of target..deployed staged in `tree`.
 * Refuses when `target` is not an ancestor of `deployed`, or when a later commit on the branch conflicts.
 */
export function revertEdit(target: string, deployed: string): (tree: string) => Promise<void> {
  return async (tree) => {
    for (const sha of [target, deployed])
      if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
    const ancestor = await git(tree, ['merge-base', '--is-ancestor', target, deployed]);
    if (ancestor.exitCode !== 0)
      throw new GitError(
        `${target.slice(0, 8)} is not an earlier commit of the deployed ${deployed.slice(0, 8)} on this branch`,
        {
          reason: 'Conflict',
          hint: 'name a revision of the branch history before the deployed one (see: driftless app history APP)',
        },
      );
    const reverted = await git(tree, ['revert', '--no-commit', '--no-edit', `${target}..${deployed}`]);
    if (reverted.exitCode === 0) return;
    const conflicted = (await git(tree, ['diff', '--name-only', '--diff-filter=U'])).stdout
      .trim()
      .split('\n');
    await git(tree, ['revert', '--abort']);
    throw new GitError(
      `reverting ${target.slice(0, 8)}..${deployed.slice(0, 8)} conflicts with later commits of the branch` +
        (conflicted[0]
          ? ` in ${conflicted.filter(Boolean).join(', ')}`
          : `: ${reverted.stderr.trim().split('\n').at(-1) ?? ''}`),
      {
        reason: 'Conflict',
        hint: 'revert by hand and resolve the conflict, or roll back without Git: driftless app rollback APP (auto-sync off)',
      },
    );
  };
}
