// `promote` as one Git write: a first pass in a private work tree finds what moves (nothing is pushed),
// the second writes it with a message listing it, to the app's branch or a review branch.
import { writeToGit, type CredentialProvider, type GitAuthor } from '../git/index.js';
import { ImageError } from './errors.js';
import { formatImageRef } from './image-ref.js';
import { promoteInTree, promotionMessage, type PromoteEdit, type Promotion } from './promote.js';

export interface PromoteWriteRequest extends PromoteEdit {
  repoURL: string;
  /** The branch the target app follows; undefined: the repository's default branch. */
  branch: string | undefined;
  project: string;
  /** Push a review branch instead of the app's branch (the project's git-write policy). */
  review: boolean;
  /** Names for the message and the review branch (app names, or the folders). */
  fromLabel: string;
  toLabel: string;
  user: string;
}

export interface PromoteWriteResult extends Promotion {
  repoURL: string;
  branch: string;
  review: boolean;
  sha: string;
  files: string[];
}

export async function promoteToGit(
  req: PromoteWriteRequest,
  deps: { credentials: CredentialProvider; workRoot: string; author: GitAuthor },
): Promise<PromoteWriteResult> {
  // Both passes (and the message) see the same digest for a tag, even if the tag moves in between.
  const digests = new Map<string, Promise<string>>();
  const resolve = req.resolveDigest;
  req = {
    ...req,
    resolveDigest: resolve
      ? (ref) => {
          const key = formatImageRef(ref);
          const hit = digests.get(key) ?? resolve(ref);
          digests.set(key, hit);
          return hit;
        }
      : undefined,
  };
  const ctx = { credentials: deps.credentials, project: req.project, workRoot: deps.workRoot };
  const target = req.review
    ? `driftless/promote-${req.toLabel.replace(/[^A-Za-z0-9._-]+/g, '-')}-${Date.now().toString(36)}`
    : undefined;
  let found: Promotion | undefined;
  const base = { repoURL: req.repoURL, baseBranch: req.branch, author: deps.author };
  await writeToGit(
    {
      ...base,
      message: 'promotion (dry run)',
      push: false,
      edit: async (tree) => void (found = await promoteInTree(tree, req)),
    },
    ctx,
  );
  if (!found || (found.images.length === 0 && found.values.length === 0))
    throw new ImageError(`${req.toLabel} already runs what ${req.fromLabel} runs: nothing to promote`, {
      reason: 'NotFound',
      hint: 'change the source environment first, or name other --value keys',
    });
  let moved: Promotion = found;
  const written = await writeToGit(
    {
      ...base,
      ...(target ? { targetBranch: target } : {}),
      message: promotionMessage(req.fromLabel, req.toLabel, found, req.user),
      edit: async (tree) => {
        moved = await promoteInTree(tree, req);
      },
    },
    ctx,
  );
  if (!written.sha) throw new ImageError('the promotion changed no file', { reason: 'EditFailed' });
  return {
    ...moved,
    repoURL: req.repoURL,
    branch: written.branch,
    review: req.review,
    sha: written.sha,
    files: written.files,
  };
}
