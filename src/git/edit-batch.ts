// Several edits in one write (one commit for a batch of image updates): each member's edit runs in
// turn in the private work tree; a member that throws has its changes undone and is left out, so one
// failing edit never loses the others. The outcome says which members changed files, which found
// nothing to change and which failed; it is reset on every attempt (writeToGit re-runs the edit on a
// moved branch), so it always describes the commit that was pushed.
import { exec } from '../common/exec.js';
import { GitError } from './errors.js';

const ENV = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1' };

export interface BatchMember {
  id: string;
  edit: (tree: string) => Promise<void>;
}

export interface BatchOutcome {
  /** Members whose edit changed files (in member order). */
  changed: string[];
  /** Members whose edit found the files already as wanted. */
  unchanged: string[];
  /** Members whose edit threw; their changes are not in the commit. */
  failed: { id: string; error: unknown }[];
}

async function git(tree: string, args: string[]): Promise<string> {
  const res = await exec('git', args, { cwd: tree, env: ENV, timeoutMs: 120_000 });
  if (res.exitCode !== 0)
    throw new GitError(`git ${args[0] ?? ''} failed in a write's work tree: ${res.stderr.trim()}`, {
      reason: 'GitFailed',
    });
  return res.stdout.trim();
}

/** Stages everything and names the resulting tree: equal names mean an edit changed nothing. */
async function stagedTree(tree: string): Promise<string> {
  await git(tree, ['add', '-A']);
  return git(tree, ['write-tree']);
}

/** Puts the work tree back to what is staged (the members that succeeded so far). */
async function undoUnstaged(tree: string): Promise<void> {
  await git(tree, ['checkout-index', '--all', '--force']);
  await git(tree, ['clean', '--quiet', '-fd']);
}

/** One edit for writeToGit that runs every member; `outcome()` describes the last run. */
export function batchEdit(members: readonly BatchMember[]): {
  edit: (tree: string) => Promise<void>;
  outcome: () => BatchOutcome;
} {
  let last: BatchOutcome = { changed: [], unchanged: [], failed: [] };
  return {
    outcome: () => last,
    edit: async (tree) => {
      const run: BatchOutcome = { changed: [], unchanged: [], failed: [] };
      let before = await stagedTree(tree);
      for (const m of members) {
        try {
          await m.edit(tree);
        } catch (error) {
          await undoUnstaged(tree);
          run.failed.push({ id: m.id, error });
          continue;
        }
        const after = await stagedTree(tree);
        (after === before ? run.unchanged : run.changed).push(m.id);
        before = after;
      }
      last = run;
    },
  };
}
