// What the API reads from commits already in the cache: their metadata (RevisionMetadata) and the paths
// that differ between two of them (a PR preview's changed files).
import { GitError } from './errors.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { parseRevisionMetadata, revisionMetadataArgs, type RevisionMetadata } from './revision-metadata.js';

/** `run` names the cached bare repository (`gitDir`) holding `sha`. */
export async function readRevisionMetadata(run: GitRunOptions, sha: string): Promise<RevisionMetadata> {
  const res = await runGit(revisionMetadataArgs(sha), run);
  const meta = parseRevisionMetadata(res.stdout);
  if (!meta) throw new GitError(`git log printed no metadata for ${sha}`, { reason: 'GitFailed' });
  return meta;
}

/** Paths that differ between two commits of the cached repository (a rename lists both names). */
export async function changedPaths(run: GitRunOptions, base: string, head: string): Promise<string[]> {
  const res = await runGit(['diff-tree', '-r', '-z', '--no-renames', '--name-only', base, head], run);
  return res.stdout.split('\0').filter((p) => p !== '');
}
