// Writes to a Git repository for the product (image updates, `image set`, rollback, promotion):
// fetch the branch into a private work tree, run the caller's edit, commit with the given author
// and message, push with the repository's credentials; a push the server rejects because the
// branch moved re-fetches, re-applies the edit on the new tip and tries again.
//
// API: `writeToGit(request, context)` → `{ changed, sha, branch, pushed, attempts, files }`.
//  - request.edit(tree) changes files under `tree` (a fresh checkout of the base branch tip); it runs
//    once per attempt, so it must be a pure function of the files it finds.
//  - request.targetBranch ≠ baseBranch: the target is (re)created from the base and force-pushed, as
//    Argo CD Image Updater's `git-branch: base:target` does.
//  - Nothing is committed when the edit changed nothing (unless allowEmpty): `changed: false`.
//  - Credentials come from context.credentials (repository Secrets / repo-creds by URL and project):
//    through ADR 0012's per-command secret directory, never argv, environment values or logs.
// `commitInCheckout` does the same in a user's existing checkout (`image set --dir`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec, type ExecResult } from '../common/exec.js';
import { noCredentials, type CredentialProvider } from './credentials.js';
import { GitError } from './errors.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { parseRepoURL, type RepoURL } from './repo-url.js';

export interface GitAuthor {
  name: string;
  email: string;
}

export interface GitWriteRequest {
  repoURL: string;
  /** Branch the edit starts from; default: the remote's default branch. */
  baseBranch?: string | undefined;
  /** Branch pushed to; default baseBranch. */
  targetBranch?: string | undefined;
  author: GitAuthor;
  /** The commit message; a function is asked after each attempt's edit (a batch names what it applied). */
  message: string | (() => string);
  /** Changes files under `tree` (the repository root). Runs again on each attempt. */
  edit: (tree: string) => Promise<void>;
  allowEmpty?: boolean | undefined;
  /** Default true; false commits in the private tree only (a dry run that reports the files). */
  push?: boolean | undefined;
  /** Fetch depth; default 1 (`full` for edits that read history, such as a revert). */
  depth?: number | 'full' | undefined;
  /** Tries before a moving branch fails the write; default 4. */
  attempts?: number | undefined;
}

export interface GitWriteContext {
  /** Repository Secrets and repo-creds, known hosts and CAs; default none. */
  credentials?: CredentialProvider | undefined;
  /** The app's project, which selects project-scoped repository Secrets. */
  project?: string | undefined;
  /** Folder under which private work trees are made (and removed). */
  workRoot: string;
  /** Limit for each git command; default 2 minutes. */
  timeoutMs?: number | undefined;
}

export interface GitWriteResult {
  changed: boolean;
  /** The commit written (absent when nothing changed). */
  sha?: string;
  branch: string;
  pushed: boolean;
  attempts: number;
  /** Paths changed, relative to the repository root. */
  files: string[];
}

const ORIGIN = 'refs/remotes/origin/';

/** Parses `git status --porcelain -z` into paths. */
function changedPaths(porcelain: string): string[] {
  return porcelain
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3));
}

function checkBranchName(b: string): string {
  if (!b || b.startsWith('-') || /[\s~^:?*[\\]|\.\.|@\{/.test(b) || b.endsWith('.lock') || b.endsWith('/'))
    throw new GitError(`"${b}" is not a valid branch name`, {
      reason: 'InvalidRevision',
      hint: 'name a branch such as main or image-updates/app',
    });
  return b;
}

async function defaultBranch(run: GitRunOptions): Promise<string> {
  const out = await runGit(['ls-remote', '--symref', '--', run.repo.gitURL, 'HEAD'], run);
  const m = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(out.stdout);
  if (!m?.[1])
    throw new GitError(`${run.repo.display} has no default branch`, {
      reason: 'UnknownRevision',
      repoURL: run.repo.display,
      hint: 'name the branch to write to',
    });
  return m[1];
}

/** Commits whatever the edit changed in `tree`; returns the commit and files, or undefined for no change. */
async function commitTree(
  tree: string,
  messageFile: string,
  req: Pick<GitWriteRequest, 'author' | 'allowEmpty'>,
  git: (args: string[]) => Promise<ExecResult>,
  paths: readonly string[] = ['.'],
): Promise<{ sha: string; files: string[] } | undefined> {
  await git(['add', '-A', '--', ...paths]);
  const files = changedPaths((await git(['status', '--porcelain', '-z', '--', ...paths])).stdout);
  if (files.length === 0 && !req.allowEmpty) return undefined;
  await git([
    '-c',
    `user.name=${req.author.name}`,
    '-c',
    `user.email=${req.author.email}`,
    '-c',
    'commit.gpgsign=false',
    'commit',
    '--quiet',
    '--no-verify',
    ...(files.length === 0 ? ['--allow-empty'] : []),
    '-F',
    messageFile,
    // Only these paths: anything else the user staged stays staged, out of this commit.
    ...(files.length === 0 ? [] : ['--', ...paths]),
  ]);
  return { sha: (await git(['rev-parse', 'HEAD'])).stdout.trim(), files };
}

const writeMessage = (file: string, m: string) => writeFile(file, m.endsWith('\n') ? m : `${m}\n`);

function checkAuthor(a: GitAuthor): void {
  if (!a.name.trim() || /[<>\n\0]/.test(a.name) || !/^[^<>\s\0]+@[^<>\s\0]+$|^[^<>\s\0]+$/.test(a.email))
    throw new GitError(`the commit author "${a.name} <${a.email}>" is not valid`, {
      reason: 'GitFailed',
      hint: 'give the author as a name and an e-mail address without < > or line breaks',
    });
}

/** Edits, commits and pushes one change to `req.repoURL` (see the header for the contract). */
export async function writeToGit(req: GitWriteRequest, ctx: GitWriteContext): Promise<GitWriteResult> {
  checkAuthor(req.author);
  const repo: RepoURL = parseRepoURL(req.repoURL);
  const provider = ctx.credentials ?? noCredentials;
  await mkdir(ctx.workRoot, { recursive: true });
  const dir = await mkdtemp(join(ctx.workRoot, 'write-'));
  const tree = join(dir, 'tree');
  const host = repo.transport === 'http' || repo.transport === 'https' ? new URL(repo.gitURL).hostname : '';
  const run: GitRunOptions = {
    repo,
    credentials: provider.accessFor(repo.gitURL, ctx.project).credentials,
    helperDir: dir,
    sshKnownHosts: provider.sshKnownHosts(),
    caCerts: host ? provider.tlsCertsFor(host) : undefined,
    timeoutMs: ctx.timeoutMs ?? 120_000,
  };
  const git = (args: string[]) => runGit(args, { ...run, cwd: tree });
  try {
    const base = checkBranchName(req.baseBranch || (await defaultBranch(run)));
    const target = checkBranchName(req.targetBranch || base);
    const force = target !== base;
    await runGit(['init', '--quiet', tree], run);
    const maxAttempts = Math.max(1, req.attempts ?? 4);
    const depth = req.depth === 'full' ? [] : [`--depth=${req.depth ?? 1}`];
    for (let attempt = 1; ; attempt++) {
      await git([
        'fetch',
        '--quiet',
        '--no-tags',
        ...depth,
        '--',
        repo.gitURL,
        `+refs/heads/${base}:${ORIGIN}${base}`,
      ]);
      await git(['checkout', '--quiet', '--force', '-B', target, `${ORIGIN}${base}`]);
      await git(['clean', '--quiet', '-fdx']);
      await req.edit(tree);
      await writeMessage(join(dir, 'message'), typeof req.message === 'string' ? req.message : req.message());
      const commit = await commitTree(tree, join(dir, 'message'), req, git);
      if (!commit) return { changed: false, branch: target, pushed: false, attempts: attempt, files: [] };
      const done = { changed: true, sha: commit.sha, branch: target, attempts: attempt, files: commit.files };
      if (req.push === false) return { ...done, pushed: false };
      try {
        await git(['push', '--quiet', '--', repo.gitURL, `${force ? '+' : ''}HEAD:refs/heads/${target}`]);
        return { ...done, pushed: true };
      } catch (e) {
        if (!(e instanceof GitError && e.reason === 'PushRejected') || attempt >= maxAttempts) throw e;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface CheckoutCommitRequest {
  /** The checkout (or a folder of it) git runs in; the edit gets this folder. */
  dir: string;
  /** What may be committed, relative to dir (default all of it); other changes stay out. */
  paths?: readonly string[] | undefined;
  /** Default: the checkout's own git identity. */
  author?: GitAuthor | undefined;
  message: string;
  edit: (dir: string) => Promise<void>;
  allowEmpty?: boolean | undefined;
  /** Push to the checkout's `origin` (with the user's own git credentials); default false. */
  push?: boolean | undefined;
  /** Branch pushed to; default the checked-out branch. */
  branch?: string | undefined;
  attempts?: number | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Edits, commits and maybe pushes in a user's checkout (CI), with the user's git configuration. A push
 * rejected because the branch moved fetches, replays the commit on the new tip (`rebase`) and retries.
 */
export async function commitInCheckout(req: CheckoutCommitRequest): Promise<GitWriteResult> {
  const timeoutMs = req.timeoutMs ?? 120_000;
  const git = async (args: string[]) => {
    const res = await exec('git', args, {
      cwd: req.dir,
      timeoutMs,
      env: { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    });
    if (res.exitCode !== 0) {
      const detail = res.stderr.trim().split('\n').slice(-3).join(' | ');
      const rejected = /\[rejected\]|non-fast-forward|Updates were rejected/.test(res.stderr);
      throw new GitError(
        `git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed in ${req.dir}: ${detail}`,
        {
          reason: rejected ? 'PushRejected' : 'GitFailed',
          hint: 'run the same git command in the checkout to see the full output',
        },
      );
    }
    return res;
  };
  if (req.author) checkAuthor(req.author);
  const branch = checkBranchName(
    req.branch || (await git(['rev-parse', '--abbrev-ref', 'HEAD'])).stdout.trim(),
  );
  const dir = await mkdtemp(
    join((await git(['rev-parse', '--absolute-git-dir'])).stdout.trim(), 'driftless-msg-'),
  );
  try {
    await writeMessage(join(dir, 'message'), req.message);
    await req.edit(req.dir);
    const identity = req.author ?? {
      name: (await git(['config', 'user.name']).catch(() => undefined))?.stdout.trim() || 'driftless',
      email:
        (await git(['config', 'user.email']).catch(() => undefined))?.stdout.trim() || 'driftless@localhost',
    };
    const commit = await commitTree(
      req.dir,
      join(dir, 'message'),
      { author: identity, allowEmpty: req.allowEmpty },
      git,
    );
    if (!commit) return { changed: false, branch, pushed: false, attempts: 1, files: [] };
    const done = { changed: true, sha: commit.sha, branch, files: commit.files };
    if (!req.push) return { ...done, pushed: false, attempts: 1 };
    const maxAttempts = Math.max(1, req.attempts ?? 4);
    for (let attempt = 1; ; attempt++) {
      try {
        await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
        return {
          ...done,
          sha: (await git(['rev-parse', 'HEAD'])).stdout.trim(),
          pushed: true,
          attempts: attempt,
        };
      } catch (e) {
        if (!(e instanceof GitError && e.reason === 'PushRejected') || attempt >= maxAttempts) throw e;
        await git(['fetch', '--quiet', 'origin', `refs/heads/${branch}`]);
        await git(['rebase', '--quiet', 'FETCH_HEAD']).catch(async (err: unknown) => {
          await git(['rebase', '--abort']).catch(() => undefined);
          throw err;
        });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
