// The Git cache: one bare repository per repository URL (keyed by a hash, never by the URL), one
// ls-remote per repository and credential shared by every caller (fresh ones batched), revision resolution (names,
// semver constraints on tags, SHAs), shallow fetches of the commit asked for, and immutable
// checkouts per commit SHA with their submodules.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConstraint } from '../common/semver.js';
import { noCredentials, type CredentialProvider, type RepoCredentials } from './credentials.js';
import { GitError, notPermitted } from './errors.js';
import { ALL_REFS, exists, fetchCommit, fetchInto } from './git-fetch.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { FreshBatches } from './fresh-batches.js';
import { parseLsRemote, tagsPointingAt, type RemoteRefs } from './ls-remote.js';
import { revisionFromRefs } from './ref-revision.js';
import { parseRepoURL, type RepoURL } from './repo-url.js';
import type { RevisionMetadata } from './revision-metadata.js';
import { changedPaths, readRevisionMetadata } from './commit-reads.js';
import { checkRevision, isFullSha, looksLikeShortSha } from './revision.js';
import { checkoutSubmodules } from './submodules.js';

/** Told of each ls-remote and fetch (ended either way): how long it took and which repository (metrics). */
export type RemoteCallObserver = (kind: 'ls-remote' | 'fetch', ms: number, repo: string) => void;

export interface RepoStoreOptions {
  cacheDir: string;
  /** Credentials, known hosts and CA certificates (the live cluster settings in the product). */
  credentials?: CredentialProvider | undefined;
  /** Limit for one fetch. Default 5 minutes. */
  fetchTimeoutMs?: number | undefined;
  /** Told how long each ls-remote and fetch took (metrics). */
  onRemoteCall?: RemoteCallObserver | undefined;
  /** Limit for ls-remote. Default 60 s. */
  lsRemoteTimeoutMs?: number | undefined;
  /** Largest size of one repository's packed objects. Default 2 GiB. */
  maxRepoBytes?: number | undefined;
  /** How long a resolved branch/tag is trusted before asking the remote again. Default 180 s. */
  revisionCacheTtlMs?: number | undefined;
  now?: () => number;
  /** Waits between fresh ls-remotes (tests inject one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Who is asking: an app's project selects project-scoped repository credentials. */
export interface Requester {
  project?: string | undefined;
}

interface CachedRefs {
  at: number;
  refs: RemoteRefs;
}

/** Fresh ls-remotes of one repository and credential start at most this often (a burst of hard refreshes). */
const FRESH_SPACING_MS = 250;

export class RepoStore {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly refsCache = new Map<string, CachedRefs>();
  private readonly fresh: FreshBatches<RemoteRefs>;
  private readonly knownCommits = new Set<string>();
  /** Credentials a submodule borrows from its superproject when it has none of its own. */
  private readonly inherited = new Map<string, RepoCredentials>();
  private readonly now: () => number;
  /** Number of git processes started; lets tests prove a cached path spawns nothing. */
  spawns = 0;

  constructor(private readonly opts: RepoStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.fresh = new FreshBatches({
      spacingMs: FRESH_SPACING_MS,
      now: this.now,
      sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
  }

  private get provider(): CredentialProvider {
    return this.opts.credentials ?? noCredentials;
  }

  private repoDir(repo: RepoURL): string {
    const key = createHash('sha256').update(repo.normalized).digest('hex').slice(0, 32);
    return join(this.opts.cacheDir, 'repos', key);
  }

  private credentialsOf(repo: RepoURL, who: Requester): { creds?: RepoCredentials; scopedTo?: string[] } {
    const access = this.provider.accessFor(repo.gitURL, who.project);
    const creds = access.credentials ?? this.inherited.get(repo.normalized);
    if (creds?.enableLfs)
      throw new GitError(`Git LFS is not supported (repository ${repo.display} sets enableLfs)`, {
        reason: 'Unsupported',
        repoURL: repo.display,
        hint: 'keep manifests out of LFS and remove enableLfs from the repository Secret',
      });
    return { ...(creds ? { creds } : {}), ...(access.scopedTo ? { scopedTo: access.scopedTo } : {}) };
  }

  private runOpts(repo: RepoURL, timeoutMs: number, creds?: RepoCredentials): GitRunOptions {
    const host = repo.transport === 'http' || repo.transport === 'https' ? new URL(repo.gitURL).hostname : '';
    return {
      repo,
      credentials: creds,
      helperDir: this.opts.cacheDir,
      sshKnownHosts: this.provider.sshKnownHosts(),
      caCerts: host ? this.provider.tlsCertsFor(host) : undefined,
      timeoutMs,
      onSpawn: () => this.spawns++,
    };
  }

  /** Runs `fn` once for concurrent callers with the same key. */
  private shared<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.inflight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /**
   * The remote's refs: one ls-remote per repository and credential, shared by concurrent callers. A
   * negative `maxAgeMs` asks for refs read after this call (a hard refresh re-resolves its revision).
   */
  async lsRemote(repoURL: string, opts: { maxAgeMs?: number } & Requester = {}): Promise<RemoteRefs> {
    const repo = parseRepoURL(repoURL);
    const { creds, scopedTo } = this.credentialsOf(repo, opts);
    const key = `${repo.normalized}\0${creds ? createHash('sha256').update(JSON.stringify(creds)).digest('hex') : ''}`;
    const run = async () => {
      await mkdir(this.opts.cacheDir, { recursive: true });
      const t0 = Date.now();
      const res = await runGit(
        ['ls-remote', '--', repo.gitURL],
        this.runOpts(repo, this.opts.lsRemoteTimeoutMs ?? 60_000, creds),
      )
        .catch((e: unknown) => {
          throw scopedTo && e instanceof GitError ? notPermitted(repo.display, scopedTo, opts.project, e) : e;
        })
        .finally(() => this.opts.onRemoteCall?.('ls-remote', Date.now() - t0, repo.display));
      const refs = parseLsRemote(res.stdout);
      this.refsCache.set(key, { at: this.now(), refs });
      this.refsCache.set(repo.normalized, { at: this.now(), refs });
      return refs;
    };
    if ((opts.maxAgeMs ?? 0) < 0) return this.fresh.call(key, run);
    const cached = this.refsCache.get(key);
    if (cached && this.now() - cached.at <= (opts.maxAgeMs ?? 0)) return cached.refs;
    return this.shared(`ls-remote ${key}`, run);
  }

  /** Checks that the repository answers with these credentials (nothing cached): `repo add` asks first. */
  async testAccess(repoURL: string, creds: RepoCredentials | undefined): Promise<void> {
    const repo = parseRepoURL(repoURL);
    await mkdir(this.opts.cacheDir, { recursive: true });
    await runGit(['ls-remote', '--heads', '--', repo.gitURL], this.runOpts(repo, 30_000, creds));
  }

  /**
   * Resolves HEAD, a branch, a tag, a semver constraint on tags (newest match) or a full or short
   * SHA to a full commit SHA, in Argo CD's order: exact ref, constraint, abbreviated SHA.
   */
  async resolveRevision(
    repoURL: string,
    targetRevision: string | undefined,
    opts: { noCache?: boolean } & Requester = {},
  ): Promise<string> {
    const repo = parseRepoURL(repoURL);
    const raw = (targetRevision ?? '').trim();
    const constraint = parseConstraint(raw);
    const rev = constraint ? raw || 'HEAD' : checkRevision(targetRevision);
    const ttl = opts.noCache ? -1 : (this.opts.revisionCacheTtlMs ?? 180_000);
    if (isFullSha(rev)) {
      // A repository limited to other projects: prove this requester can read it before serving the cache.
      if (this.credentialsOf(repo, opts).scopedTo) await this.lsRemote(repoURL, { maxAgeMs: ttl, ...opts });
      return rev;
    }
    const refs = await this.lsRemote(repoURL, { maxAgeMs: ttl, project: opts.project });
    const fromRefs = revisionFromRefs(refs, raw, constraint, repo.display);
    if (fromRefs) return fromRefs;
    if (looksLikeShortSha(rev)) {
      await this.fetchAll(repo, opts);
      const res = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
        ...this.runOpts(repo, 30_000),
        gitDir: join(this.repoDir(repo), 'git'),
      }).catch(() => undefined);
      const sha = res?.stdout.trim();
      if (sha && isFullSha(sha)) return sha;
    }
    throw new GitError(`revision ${JSON.stringify(rev)} not found in ${repo.display}`, {
      reason: 'UnknownRevision',
      repoURL: repo.display,
      hint: 'check targetRevision: it must be HEAD, an existing branch or tag, a version constraint, or a commit SHA',
    });
  }

  /** A read-only checkout of `sha` (with submodules); the same directory for the same repository and SHA. */
  async checkout(repoURL: string, sha: string, who: Requester = {}, depth = 0): Promise<string> {
    const repo = parseRepoURL(repoURL);
    if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
    const dir = join(this.repoDir(repo), 'trees', sha);
    return this.shared(`checkout ${repo.normalized}@${sha}`, () =>
      this.doCheckout(repo, sha, dir, who, depth),
    );
  }

  /** Author, date, message and tags of commit `sha` (fetched first if this cache lacks it). */
  async revisionMetadata(repoURL: string, sha: string, who: Requester = {}): Promise<RevisionMetadata> {
    const repo = parseRepoURL(repoURL);
    const meta = await readRevisionMetadata(await this.holding(repo, [sha], who, 30_000), sha);
    // A shallow cache holds no tags: the remote's refs say which tags point here.
    const refs = this.refsCache.get(repo.normalized)?.refs;
    const tags = refs ? tagsPointingAt(refs, sha) : [];
    if (tags.length > 0) meta.tags = tags;
    return meta;
  }

  /** Paths that differ between two commits (a rename lists both names); both are fetched first. */
  async changedFiles(repoURL: string, base: string, head: string, who: Requester = {}): Promise<string[]> {
    const repo = parseRepoURL(repoURL);
    return changedPaths(await this.holding(repo, [base, head], who, 60_000), base, head);
  }

  /** Git options on the cached repository once it holds every commit of `shas` (full SHAs only). */
  private async holding(
    repo: RepoURL,
    shas: string[],
    who: Requester,
    timeoutMs: number,
  ): Promise<GitRunOptions> {
    for (const sha of shas) {
      if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
      await this.ensureCommit(repo, sha, who);
    }
    return { ...this.runOpts(repo, timeoutMs), gitDir: join(this.repoDir(repo), 'git') };
  }

  private async doCheckout(repo: RepoURL, sha: string, dir: string, who: Requester, depth: number) {
    if (await exists(dir)) return dir;
    const { creds } = this.credentialsOf(repo, who);
    await this.ensureCommit(repo, sha, who);
    const tmp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    await mkdir(tmp, { recursive: true });
    const gitDir = join(this.repoDir(repo), 'git');
    try {
      await runGit(['checkout', '-f', sha, '--', '.'], {
        ...this.runOpts(repo, this.opts.fetchTimeoutMs ?? 300_000),
        gitDir,
        env: { GIT_WORK_TREE: tmp, GIT_INDEX_FILE: `${tmp}.index` },
      });
      if (await exists(join(tmp, '.gitmodules')))
        await checkoutSubmodules({
          repo,
          sha,
          tree: tmp,
          gitDir,
          depth,
          run: this.runOpts(repo, 30_000),
          checkout: (sub, subSha) => this.checkout(sub.gitURL, subSha, who, depth + 1),
          lend: (sub) => {
            // A same-origin submodule without credentials of its own borrows the superproject's.
            if (creds && !this.provider.accessFor(sub.gitURL, who.project).credentials)
              this.inherited.set(sub.normalized, creds);
          },
        });
      await rename(tmp, dir);
    } finally {
      await rm(tmp, { recursive: true, force: true });
      await rm(`${tmp}.index`, { force: true });
    }
    return dir;
  }

  private async ensureCommit(repo: RepoURL, sha: string, who: Requester): Promise<void> {
    const key = `${repo.normalized}@${sha}`;
    if (this.knownCommits.has(key)) return;
    const gitDir = join(this.repoDir(repo), 'git');
    const has = async () =>
      (await exists(gitDir)) &&
      (await runGit(['cat-file', '-e', `${sha}^{commit}`], { ...this.runOpts(repo, 30_000), gitDir }).then(
        () => true,
        () => false,
      ));
    await fetchCommit({
      sha,
      repoDisplay: repo.display,
      has,
      fetch: (refspecs, depth) => this.fetch(repo, who, refspecs, depth),
    });
    this.knownCommits.add(key);
  }

  /** Every branch and tag, with full history (an abbreviated SHA may name any commit). */
  private fetchAll(repo: RepoURL, who: Requester): Promise<void> {
    return this.fetch(repo, who, ALL_REFS, 'unshallow');
  }

  private fetch(
    repo: RepoURL,
    who: Requester,
    refspecs: readonly string[],
    depth: 'one' | 'unshallow',
  ): Promise<void> {
    return this.shared(`fetch ${repo.normalized} ${refspecs.join(' ')}`, async () => {
      const { creds, scopedTo } = this.credentialsOf(repo, who);
      const t0 = Date.now();
      await fetchInto({
        repoDir: this.repoDir(repo),
        repo,
        refspecs,
        depth,
        maxRepoBytes: this.opts.maxRepoBytes ?? 2 * 1024 ** 3,
        run: this.runOpts(repo, this.opts.fetchTimeoutMs ?? 300_000, creds),
      })
        .catch((e: unknown) => {
          throw scopedTo && e instanceof GitError ? notPermitted(repo.display, scopedTo, who.project, e) : e;
        })
        .finally(() => this.opts.onRemoteCall?.('fetch', Date.now() - t0, repo.display));
    });
  }
}
