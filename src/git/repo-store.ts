// The Git cache: one bare repository per repository URL (keyed by a hash, never by the URL), shared
// fetches per repository, revision resolution, and immutable checkouts per commit SHA.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExternalError } from '../common/errors.js';
import { noCredentials, type CredentialProvider } from './credentials.js';
import { GitError } from './errors.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { parseLsRemote, resolveFromRefs, type RemoteRefs } from './ls-remote.js';
import { parseRepoURL, type RepoURL } from './repo-url.js';
import { parseRevisionMetadata, revisionMetadataArgs, type RevisionMetadata } from './revision-metadata.js';
import { checkRevision, isFullSha, looksLikeShortSha } from './revision.js';

export interface RepoStoreOptions {
  cacheDir: string;
  credentials?: CredentialProvider | undefined;
  /** known_hosts content used for ssh host verification. */
  sshKnownHosts?: string | undefined;
  /** Limit for one fetch. Default 5 minutes. */
  fetchTimeoutMs?: number | undefined;
  /** Told how long each ls-remote and fetch took (metrics). */
  onRemoteCall?: ((kind: 'ls-remote' | 'fetch', ms: number) => void) | undefined;
  /** Limit for ls-remote. Default 60 s. */
  lsRemoteTimeoutMs?: number | undefined;
  /** Largest size of one repository's packed objects. Default 2 GiB. */
  maxRepoBytes?: number | undefined;
  /** How long a resolved branch/tag is trusted before asking the remote again. Default 180 s. */
  revisionCacheTtlMs?: number | undefined;
  now?: () => number;
}

interface CachedRefs {
  at: number;
  refs: RemoteRefs;
}

export class RepoStore {
  private readonly inflightFetch = new Map<string, Promise<void>>();
  private readonly inflightLsRemote = new Map<string, Promise<RemoteRefs>>();
  private readonly inflightCheckout = new Map<string, Promise<string>>();
  private readonly refsCache = new Map<string, CachedRefs>();
  private readonly knownCommits = new Set<string>();
  private readonly now: () => number;
  /** Number of git processes started; lets tests prove a cached path spawns nothing. */
  spawns = 0;

  constructor(private readonly opts: RepoStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  private repoDir(repo: RepoURL): string {
    const key = createHash('sha256').update(repo.normalized).digest('hex').slice(0, 32);
    return join(this.opts.cacheDir, 'repos', key);
  }

  private runOpts(repo: RepoURL, timeoutMs: number): GitRunOptions {
    return {
      repo,
      credentials: (this.opts.credentials ?? noCredentials).credentialsFor(repo.gitURL),
      helperDir: this.opts.cacheDir,
      sshKnownHosts: this.opts.sshKnownHosts,
      timeoutMs,
      onSpawn: () => this.spawns++,
    };
  }

  /** The remote's refs (one ls-remote, shared by concurrent callers). */
  async lsRemote(repoURL: string, opts: { maxAgeMs?: number } = {}): Promise<RemoteRefs> {
    const repo = parseRepoURL(repoURL);
    const cached = this.refsCache.get(repo.normalized);
    const maxAge = opts.maxAgeMs ?? 0;
    if (cached && this.now() - cached.at <= maxAge) return cached.refs;
    let p = this.inflightLsRemote.get(repo.normalized);
    if (!p) {
      p = (async () => {
        await mkdir(this.opts.cacheDir, { recursive: true });
        const t0 = Date.now();
        const res = await runGit(
          ['ls-remote', '--', repo.gitURL],
          this.runOpts(repo, this.opts.lsRemoteTimeoutMs ?? 60_000),
        );
        this.opts.onRemoteCall?.('ls-remote', Date.now() - t0);
        const refs = parseLsRemote(res.stdout);
        this.refsCache.set(repo.normalized, { at: this.now(), refs });
        return refs;
      })().finally(() => this.inflightLsRemote.delete(repo.normalized));
      this.inflightLsRemote.set(repo.normalized, p);
    }
    return p;
  }

  /** Resolves HEAD, a branch, a tag, or a full or short SHA to a full commit SHA. */
  async resolveRevision(
    repoURL: string,
    targetRevision: string | undefined,
    opts: { noCache?: boolean } = {},
  ): Promise<string> {
    const repo = parseRepoURL(repoURL);
    const rev = checkRevision(targetRevision);
    if (isFullSha(rev)) return rev;
    const ttl = opts.noCache ? -1 : (this.opts.revisionCacheTtlMs ?? 180_000);
    const refs = await this.lsRemote(repoURL, { maxAgeMs: ttl });
    const fromRefs = resolveFromRefs(refs, rev);
    if (fromRefs) return fromRefs;
    if (looksLikeShortSha(rev)) {
      await this.fetch(repo);
      const res = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
        ...this.runOpts(repo, 30_000),
        gitDir: join(this.repoDir(repo), 'git'),
      }).catch(() => undefined);
      const sha = res?.stdout.trim();
      if (sha && isFullSha(sha)) return sha;
    }
    throw new GitError(`revision ${JSON.stringify(rev)} not found in ${repo.normalized}`, {
      reason: 'UnknownRevision',
      repoURL: repo.normalized,
      hint: 'check targetRevision: it must be HEAD, an existing branch or tag, or a commit SHA',
    });
  }

  /** A read-only checkout of `sha`; the same directory is returned for the same repository and SHA. */
  async checkout(repoURL: string, sha: string): Promise<string> {
    const repo = parseRepoURL(repoURL);
    if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
    const dir = join(this.repoDir(repo), 'trees', sha);
    const key = `${repo.normalized}@${sha}`;
    let p = this.inflightCheckout.get(key);
    if (!p) {
      p = this.doCheckout(repo, sha, dir).finally(() => this.inflightCheckout.delete(key));
      this.inflightCheckout.set(key, p);
    }
    return p;
  }

  /** Author, date, message and tags of commit `sha` (fetched first if this cache lacks it). */
  async revisionMetadata(repoURL: string, sha: string): Promise<RevisionMetadata> {
    const repo = parseRepoURL(repoURL);
    if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
    await this.ensureCommit(repo, sha);
    const res = await runGit(revisionMetadataArgs(sha), {
      ...this.runOpts(repo, 30_000),
      gitDir: join(this.repoDir(repo), 'git'),
    });
    const meta = parseRevisionMetadata(res.stdout);
    if (!meta) throw new GitError(`git log printed no metadata for ${sha}`, { reason: 'GitFailed' });
    return meta;
  }

  private async doCheckout(repo: RepoURL, sha: string, dir: string): Promise<string> {
    if (await exists(dir)) return dir;
    await this.ensureCommit(repo, sha);
    const tmp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    await mkdir(tmp, { recursive: true });
    try {
      await runGit(['checkout', '-f', sha, '--', '.'], {
        ...this.runOpts(repo, this.opts.fetchTimeoutMs ?? 300_000),
        gitDir: join(this.repoDir(repo), 'git'),
        env: { GIT_WORK_TREE: tmp, GIT_INDEX_FILE: `${tmp}.index` },
      });
      await rename(tmp, dir);
    } finally {
      await rm(tmp, { recursive: true, force: true });
      await rm(`${tmp}.index`, { force: true });
    }
    return dir;
  }

  private async ensureCommit(repo: RepoURL, sha: string): Promise<void> {
    const key = `${repo.normalized}@${sha}`;
    if (this.knownCommits.has(key)) return;
    const gitDir = join(this.repoDir(repo), 'git');
    const has = async () =>
      (await exists(gitDir)) &&
      (await runGit(['cat-file', '-e', `${sha}^{commit}`], { ...this.runOpts(repo, 30_000), gitDir }).then(
        () => true,
        () => false,
      ));
    if (!(await has())) {
      await this.fetch(repo);
      if (!(await has())) {
        // Not reachable from any branch or tag: ask for the commit itself (servers may refuse).
        await this.fetch(repo, sha).catch(() => undefined);
        if (!(await has())) {
          throw new GitError(`commit ${sha} not found in ${repo.normalized}`, {
            reason: 'UnknownRevision',
            repoURL: repo.normalized,
            hint: 'the commit may have been force-pushed away; check targetRevision',
          });
        }
      }
    }
    this.knownCommits.add(key);
  }

  /** Fetches all branches and tags (and HEAD); concurrent callers share one fetch. */
  fetch(repo: RepoURL, sha?: string): Promise<void> {
    const key = `${repo.normalized} ${sha ?? ''}`;
    let p = this.inflightFetch.get(key);
    if (!p) {
      p = this.doFetch(repo, sha).finally(() => this.inflightFetch.delete(key));
      this.inflightFetch.set(key, p);
    }
    return p;
  }

  private async doFetch(repo: RepoURL, sha: string | undefined): Promise<void> {
    const gitDir = join(this.repoDir(repo), 'git');
    const base = this.runOpts(repo, this.opts.fetchTimeoutMs ?? 300_000);
    if (!(await exists(join(gitDir, 'HEAD')))) {
      await mkdir(gitDir, { recursive: true });
      await runGit(['init', '--bare', '--quiet', gitDir], base);
    }
    const refspecs = sha
      ? [sha]
      : ['+HEAD:refs/driftless/HEAD', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
    const limit = this.opts.maxRepoBytes ?? 2 * 1024 ** 3;
    const abort = new AbortController();
    let tooLarge = false;
    // Git has no size cap for fetches: watch the pack directory and stop the fetch when it grows past the limit.
    const watcher = setInterval(() => {
      void dirSize(join(gitDir, 'objects')).then((n) => {
        if (n > limit && !abort.signal.aborted) {
          tooLarge = true;
          abort.abort();
        }
      });
    }, 200);
    const t0 = Date.now();
    try {
      await runGit(
        ['fetch', '--quiet', '--prune', '--force', '--no-write-fetch-head', '--', repo.gitURL, ...refspecs],
        {
          ...base,
          gitDir,
          signal: abort.signal,
        },
      );
      this.opts.onRemoteCall?.('fetch', Date.now() - t0);
      if ((await dirSize(join(gitDir, 'objects'))) > limit) tooLarge = true;
    } catch (e) {
      if (!(tooLarge && e instanceof ExternalError)) throw e;
    } finally {
      clearInterval(watcher);
    }
    if (tooLarge) {
      await rm(join(this.repoDir(repo)), { recursive: true, force: true });
      throw new GitError(`repository ${repo.normalized} is larger than the limit of ${limit} bytes`, {
        reason: 'TooLarge',
        repoURL: repo.normalized,
        hint: 'raise the repository size limit (maxRepoBytes) or split the repository',
      });
    }
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const s = await stat(join(e.parentPath, e.name)).catch(() => undefined);
    total += s?.size ?? 0;
  }
  return total;
}
