// Rollback as a Git revert: the commits deployed after the target revision are reverted in one commit on
// the branch the app follows (or on a review branch when its project requires review), pushed with the
// repository's credentials. Auto-sync then deploys the revert like any other commit.
import { AbortError } from '../common/errors.js';
import { revertEdit, writeToGit, type CredentialProvider, type GitAuthor } from '../git/index.js';
import type { Application, ApplicationSource, GitRollbackResult } from '../model/index.js';
import { gitWritePolicy } from '../policy/index.js';
import type { ControllerContext } from './context.js';
import { sourcesOf } from './preview-scope.js';

export interface GitWriteDeps {
  credentials: CredentialProvider;
  /** Private work trees of writes are made (and removed) under here. */
  workRoot: string;
  author: GitAuthor;
}

export interface GitRollbackRequest {
  /** Branch, tag or commit to return to; default the newest earlier history entry of another revision. */
  to?: string | undefined;
  /** Who asked (recorded in the commit message). */
  user: string;
  /** The commit's author; undefined: the server's default. */
  author?: GitAuthor | undefined;
}

/** The branch the app's single Git source follows; refused for anything a revert commit cannot move. */
export async function followedBranch(
  ctx: ControllerContext,
  app: Application,
): Promise<{ source: ApplicationSource; branch: string | undefined }> {
  const name = app.metadata.name;
  const sources = sourcesOf(app).filter((s) => !(s.ref && !s.path && !s.chart));
  const source = sources[0];
  if (!source || sources.length !== 1 || source.chart)
    throw new AbortError(`${name} does not take its manifests from exactly one Git source path`, {
      hint: `a Git rollback reverts commits of one repository; roll back without Git: driftless app rollback ${name}`,
    });
  const rev = (source.targetRevision ?? '').trim();
  if (rev === '' || rev === 'HEAD') return { source, branch: undefined };
  const refs = await ctx.repo.lsRemote(source.repoURL, { project: app.spec.project || 'default' });
  const branch = rev.replace(/^refs\/heads\//, '');
  if (!refs.has(`refs/heads/${branch}`))
    throw new AbortError(
      `${name} follows ${JSON.stringify(rev)}, which is not a branch of ${source.repoURL}: a revert commit would not change what it deploys`,
      { hint: `point targetRevision at a branch, or roll back without Git: driftless app rollback ${name}` },
    );
  return { source, branch };
}

/** The deployed revision (the last history entry) and the one to return to. */
async function revisions(ctx: ControllerContext, app: Application, source: ApplicationSource, to?: string) {
  const history = app.status?.history ?? [];
  const deployed = history.at(-1)?.revision;
  const name = app.metadata.name;
  if (!deployed)
    throw new AbortError(`${name} has not been deployed yet: there is nothing to roll back`, {
      hint: `sync it first: driftless app sync ${name}`,
    });
  const target = to
    ? await ctx.repo.resolveRevision(source.repoURL, to, { project: app.spec.project || 'default' })
    : [...history].reverse().find((h) => h.revision !== deployed)?.revision;
  if (!target)
    throw new AbortError(`${name} has no earlier revision in its history to roll back to`, {
      hint: `name one: driftless app rollback ${name} --git --to REVISION`,
    });
  if (target === deployed)
    throw new AbortError(`${name} is deployed at ${deployed.slice(0, 8)} already`, {
      hint: 'name an earlier revision with --to',
    });
  return { deployed, target };
}

export async function gitRollback(
  ctx: ControllerContext,
  deps: GitWriteDeps,
  app: Application,
  req: GitRollbackRequest,
): Promise<GitRollbackResult> {
  const name = app.metadata.name;
  const project = app.spec.project || 'default';
  const policy = gitWritePolicy(ctx.apps.project(project));
  const { source, branch } = await followedBranch(ctx, app);
  const { deployed, target } = await revisions(ctx, app, source, req.to);
  const short = (s: string) => s.slice(0, 8);
  const review = policy === 'review';
  const message = [
    `Roll back ${name} to ${short(target)}`,
    '',
    `Reverts the commits after ${target} up to the deployed ${deployed}`,
    `in ${source.path ?? '.'} of application ${name} (project ${project}).`,
    '',
    `Requested-by: ${req.user} (driftless app rollback --git)`,
  ].join('\n');
  const written = await writeToGit(
    {
      repoURL: source.repoURL,
      baseBranch: branch,
      ...(review ? { targetBranch: `driftless/rollback-${name}-${short(target)}` } : {}),
      author: deps.author,
      message,
      edit: revertEdit(target, deployed),
      depth: 'full',
    },
    { credentials: deps.credentials, project, workRoot: deps.workRoot },
  );
  if (!written.changed || !written.sha)
    throw new AbortError(
      `reverting ${short(target)}..${short(deployed)} changes no file: nothing was pushed`,
      {
        hint: 'the branch already holds the content of the target revision',
      },
    );
  return {
    repoURL: source.repoURL,
    branch: written.branch,
    review,
    sha: written.sha,
    target,
    deployed,
    files: written.files,
  };
}
