// What the controller and the API ask of the repo service; the in-process RepoService and the remote
// client of a separate repo-server process (src/render/repo-api) both provide it.
import type { RepoService } from './repo-service.js';

/** The calls that cross to a remote repo server; each takes JSON-serialisable arguments. */
export const REPO_METHODS = [
  'render',
  'appDetails',
  'resolveRevision',
  'lsRemote',
  'revisionMetadata',
  'testRepository',
  'changedFiles',
] as const;

export type RepoMethod = (typeof REPO_METHODS)[number];

export type RepoPort = Pick<RepoService, RepoMethod | 'stats'>;

export function isRepoMethod(name: string): name is RepoMethod {
  return (REPO_METHODS as readonly string[]).includes(name);
}
