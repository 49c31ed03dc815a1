// The Git cache: one bare repository per repository URL (keyed by a hash, never by the URL), one
// ls-remote per repository and credential shared by every caller, revision resolution (names,
// semver constraints on tags, SHAs), shallow fetches of the commit asked for, and immutable
// checkouts per commit SHA with their submodules.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { maxSatisfying, parseConstraint } from '../common/semver.js';
import { noCredentials, type CredentialProvider, type RepoCredentials } from './credentials.js';
import { GitError } from './errors.js';
import { exists, fetchInto } from './git-fetch.js';
import { runGit, type GitRunOptions } from './git-runner.js';
import { parseLsRemote, resolveFromRefs, tagsPointingAt, type RemoteRefs } from './ls-remote.js';
import { parseRepoURL, type RepoURL } from './repo-url.js';
import { parseRevisionMetadata, revisionMetadataArgs, type RevisionMetadata } from './revision-metadata.js';
import { checkRevision, isFullSha, looksLikeShortSha } from './revision.js';
import { checkSubmodulePath, parseGitlink, parseGitmodules, resolveSubmoduleURL } from './submodules.js';

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
}

/** Who is asking: an app's project selects project-scoped repository credentials. */
export interface Requester {
  project?: string | undefined;
}

interface CachedRefs {
  at: number;
  refs: RemoteRefs;
}

const MAX_SUBMODULE_DEPTH = 5;

export class RepoStore {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly refsCache = new Map<string, CachedRefs>();
  private readonly knownCommits = new Set<string>();
  /** Credentials a submodule borrows from its superproject when it has none of its own. */
  private readonly inherited = new Map<string, RepoCredentials>();
  private readonly now: () => number;
  /** Number of git processes started; lets tests prove a cached path spawns nothing. */
  spawns = 0;

  constructor(private readonly opts: RepoStoreOptions) {
    this.now = opts.now ?? Date.now;
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

  /** The remote's refs: one ls-remote per repository and credential, shared by concurrent callers. */
  async lsRemote(repoURL: string, opts: { maxAgeMs?: number } & Requester = {}): Promise<RemoteRefs> {
    const repo = parseRepoURL(repoURL);
    const { creds, scopedTo } = this.credentialsOf(repo, opts);
    const key = `${repo.normalized}\0${creds ? createHash('sha256').update(JSON.stringify(creds)).digest('hex') : ''}`;
    const cached = this.refsCache.get(key);
    if (cached && this.now() - cached.at <= (opts.maxAgeMs ?? 0)) return cached.refs;
    return this.shared(`ls-remote ${key}`, async () => {
      await mkdir(this.opts.cacheDir, { recursive: true });
      const t0 = Date.now();
      const res = await runGit(
        ['ls-remote', '--', repo.gitURL],
        this.runOpts(repo, this.opts.lsRemoteTimeoutMs ?? 60_000, creds),
      )
        .catch((e: unknown) => {
          throw scopedTo && e instanceof GitError ? notPermitted(repo, scopedTo, opts.project, e) : e;
        })
        .finally(() => this.opts.onRemoteCall?.('ls-remote', Date.now() - t0, repo.display));
      const refs = parseLsRemote(res.stdout);
      this.refsCache.set(key, { at: this.now(), refs });
      this.refsCache.set(repo.normalized, { at: this.now(), refs });
      return refs;
    });
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
    const safeName = safeRevision(raw);
    const fromRefs = safeName === undefined ? undefined : resolveFromRefs(refs, safeName);
    if (fromRefs) return fromRefs;
    if (constraint) {
      const tags = [...refs.keys()].filter((r) => r.startsWith('refs/tags/') && !r.endsWith('^{}'));
      const best = maxSatisfying(
        tags.map((t) => t.slice('refs/tags/'.length)),
        constraint,
      );
      const sha = best ? resolveFromRefs(refs, `refs/tags/${best.raw}`) : undefined;
      if (sha) return sha;
      if (!looksLikeShortSha(rev))
        throw new GitError(
          `no tag of ${repo.display} matches the version constraint ${JSON.stringify(raw)} (${tags.length} tags)`,
          {
            reason: 'UnknownRevision',
            repoURL: repo.display,
            hint: 'push a tag such as v1.2.3 that satisfies the constraint, or change targetRevision',
          },
        );
    }
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
    if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
    await this.ensureCommit(repo, sha, who);
    const res = await runGit(revisionMetadataArgs(sha), {
      ...this.runOpts(repo, 30_000),
      gitDir: join(this.repoDir(repo), 'git'),
    });
    const meta = parseRevisionMetadata(res.stdout);
    if (!meta) throw new GitError(`git log printed no metadata for ${sha}`, { reason: 'GitFailed' });
    // A shallow cache holds no tags: the remote's refs say which tags point here.
    const refs = this.refsCache.get(repo.normalized)?.refs;
    const tags = refs ? tagsPointingAt(refs, sha) : [];
    if (tags.length > 0) meta.tags = tags;
    return meta;
  }

  /** Paths that differ between two commits (a rename lists both names); both are fetched first. */
  async changedFiles(repoURL: string, base: string, head: string, who: Requester = {}): Promise<string[]> {
    const repo = parseRepoURL(repoURL);
    for (const sha of [base, head]) {
      if (!isFullSha(sha)) throw new GitError(`not a commit SHA: ${sha}`, { reason: 'InvalidRevision' });
      await this.ensureCommit(repo, sha, who);
    }
    const res = await runGit(['diff-tree', '-r', '-z', '--no-renames', '--name-only', base, head], {
      ...this.runOpts(repo, 60_000),
      gitDir: join(this.repoDir(repo), 'git'),
    });
    return res.stdout.split('\0').filter((p) => p !== '');
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
        await this.checkoutSubmodules(repo, sha, tmp, creds, who, depth);
      await rename(tmp, dir);
    } finally {
      await rm(tmp, { recursive: true, force: true });
      await rm(`${tmp}.index`, { force: true });
    }
    return dir;
  }

  private async checkoutSubmodules(
    repo: RepoURL,
    sha: string,
    tree: string,
    creds: RepoCredentials | undefined,
    who: Requester,
    depth: number,
  ): Promise<void> {
    if (depth >= MAX_SUBMODULE_DEPTH)
      throw new GitError(`submodules of ${repo.display} nest deeper than ${MAX_SUBMODULE_DEPTH} levels`, {
        reason: 'GitFailed',
        repoURL: repo.display,
      });
    const gitDir = join(this.repoDir(repo), 'git');
    const list = await runGit(
      ['config', '-f', join(tree, '.gitmodules'), '--get-regexp', '^submodule\\..*\\.(path|url)$'],
      this.runOpts(repo, 30_000),
    ).catch(() => ({ stdout: '' }));
    for (const sub of parseGitmodules(list.stdout)) {
      const path = checkSubmodulePath(sub.path);
      const ls = await runGit(['ls-tree', sha, '--', path], { ...this.runOpts(repo, 30_000), gitDir });
      const subSha = parseGitlink(ls.stdout);
      if (!subSha) continue;
      const subRepo = parseRepoURL(resolveSubmoduleURL(repo.gitURL, sub.url));
      const sameOrigin = subRepo.transport === repo.transport && hostOf(subRepo) === hostOf(repo);
      if (creds && sameOrigin && !this.provider.accessFor(subRepo.gitURL, who.project).credentials)
        this.inherited.set(subRepo.normalized, creds);
      const subDir = await this.checkout(subRepo.gitURL, subSha, who, depth + 1);
      await rm(join(tree, path), { recursive: true, force: true });
      await cp(subDir, join(tree, path), { recursive: true, verbatimSymlinks: true });
    }
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
    if (!(await has())) {
      // The commit asked for and nothing else, one level deep; servers that refuse get a full fetch.
      const shallow = await this.fetch(repo, who, [`+${sha}:refs/driftless/c/${sha}`], 'one').then(
        () => undefined,
        (e: unknown) => e,
      );
      if (
        shallow instanceof GitError &&
        shallow.reason !== 'GitFailed' &&
        shallow.reason !== 'UnknownRevision'
      )
        throw shallow;
      if (!(await has())) await this.fetchAll(repo, who);
      if (!(await has())) {
        throw new GitError(`commit ${sha} not found in ${repo.display}`, {
          reason: 'UnknownRevision',
          repoURL: repo.display,
          hint: 'the commit may have been force-pushed away; check targetRevision',
        });
      }
    }
    this.knownCommits.add(key);
  }

  /** Every branch and tag, with full history (an abbreviated SHA may name any commit). */
  private fetchAll(repo: RepoURL, who: Requester): Promise<void> {
    return this.fetch(repo, who, ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], 'unshallow');
  }

  private fetch(
    repo: RepoURL,
    who: Requester,
    refspecs: string[],
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
          throw scopedTo && e instanceof GitError ? notPermitted(repo, scopedTo, who.project, e) : e;
        })
        .finally(() => this.opts.onRemoteCall?.('fetch', Date.now() - t0, repo.display));
    });
  }
}

function hostOf(repo: RepoURL): string {
  return /^[a-z]+:\/\/(?:[^@/]*@)?([^/]+)/i.exec(repo.normalized)?.[1] ?? '';
}

/** A name safe to look up among refs (constraints such as `>=1.0 <2` are not). */
function safeRevision(raw: string): string | undefined {
  try {
    return checkRevision(raw);
  } catch {
    return undefined;
  }
}

function notPermitted(repo: RepoURL, scopedTo: string[], project: string | undefined, cause: GitError) {
  return new GitError(
    `${cause.message} (repository ${repo.display} is registered for project ${scopedTo.join(', ')} only; this application's project is ${project ?? 'none'})`,
    {
      reason: 'NotPermitted',
      repoURL: repo.display,
      hint: `move the application to project ${scopedTo[0] ?? ''}, or register the repository for its project`,
      cause,
    },
  );
}
