// What POST …/git-rollback answers: the revert commit (or review branch) pushed (the API, CLI and UI share it).
export interface GitRollbackResult {
  repoURL: string;
  /** The branch pushed: the app's own, or a review branch. */
  branch: string;
  review: boolean;
  sha: string;
  target: string;
  deployed: string;
  files: string[];
}
