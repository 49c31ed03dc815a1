// The repo service: resolves a source's revision, checks it out, picks the tool, renders,
// validates, and caches the result by (repo, SHA, path, options). The controller and the
// `driftless manifests` command both call this.
import { join } from 'node:path';
import { RepoStore, type RemoteRefs, type Requester, type RevisionMetadata } from '../git/index.js';
import { hasCredentialFields, type ApplicationSource, type RepositoryFields } from '../model/index.js';
import { buildEnv } from './build-env.js';
import { testChartSource } from './chart-source.js';
import { detectSourceType } from './detect.js';
import { chartRepoHost } from './helm-registry.js';
import { isExactChartVersion } from './helm-repo.js';
import { DEFAULT_LIMITS } from './limits.js';
import { PluginCatalog, type PluginSet } from './plugin/plugin-catalog.js';
import { pluginFor, pluginParameters } from './plugin/source-plugin.js';
import { computeDigest } from '../model/content-digest.js';
import { RenderCache, renderCopies, renderKey, type CachedRender } from './render-cache.js';
import { RenderWorkspace } from './render-workspace.js';
import type {
  RenderRequest,
  RenderResult,
  RepoServiceOptions,
  RepoServiceStats,
  SourceDetails,
} from './repo-service-types.js';
import { RenderSandbox, type SandboxState } from './sandbox.js';
import { SourceRenderer, sourceFolder } from './source-renderer.js';
import { ToolLocator } from './tools.js';

export class RepoService {
  private readonly store: RepoStore;
  private readonly cache: RenderCache;
  private readonly ws: RenderWorkspace;
  private readonly renderer: SourceRenderer;
  private readonly inflight = new Map<string, Promise<RenderResult & CachedRender>>();
  private readonly plugins: PluginCatalog;
  private cacheHits = 0;
  private renders = 0;

  constructor(private readonly opts: RepoServiceOptions) {
    this.store = new RepoStore({
      cacheDir: join(opts.cacheDir, 'git'),
      credentials: opts.credentials,
      fetchTimeoutMs: opts.gitTimeoutMs,
      maxRepoBytes: opts.maxRepoBytes,
      revisionCacheTtlMs: opts.revisionCacheTtlMs,
      onRemoteCall: (kind, ms, repo) => this.opts.onRemoteCall?.(kind, ms, repo),
    });
    this.cache = new RenderCache(opts.renderCacheBytes);
    const limits = {
      ...DEFAULT_LIMITS,
      ...(opts.renderTimeoutMs ? { renderTimeoutMs: opts.renderTimeoutMs } : {}),
      ...opts.limits,
    };
    this.ws = new RenderWorkspace(
      opts.cacheDir,
      opts.tools ?? new ToolLocator(),
      limits,
      new RenderSandbox(opts.sandbox ?? 'bwrap'),
      opts.credentials,
    );
    this.renderer = new SourceRenderer(this.ws, this.store, opts.allowRemoteBases ?? false);
    this.plugins = new PluginCatalog(opts.pluginDir, () => opts.credentials?.pluginConfigs?.() ?? []);
  }

  stats(): RepoServiceStats {
    return {
      gitSpawns: this.store.spawns,
      toolSpawns: this.ws.toolSpawns,
      cacheHits: this.cacheHits,
      renders: this.renders,
    };
  }

  /** Whether render tools run confined here (`auto` may have fallen back; docs/security.md). */
  sandboxState(): Promise<SandboxState> {
    return this.ws.sandbox.state();
  }

  resolveRevision(
    repoURL: string,
    targetRevision?: string,
    opts: { noCache?: boolean } & Requester = {},
  ): Promise<string> {
    return this.store.resolveRevision(repoURL, targetRevision, opts);
  }

  /** A read-only checkout of a revision (ApplicationSet Git generators read directories and files from it). */
  async checkout(
    repoURL: string,
    targetRevision: string | undefined,
    opts: { noCache?: boolean } & Requester = {},
  ): Promise<{ sha: string; root: string }> {
    const sha = await this.store.resolveRevision(repoURL, targetRevision, opts);
    return { sha, root: await this.store.checkout(repoURL, sha, opts) };
  }

  /** The remote's refs; the controller's poller compares these to detect new commits. */
  lsRemote(repoURL: string, opts: { maxAgeMs?: number } & Requester = {}): Promise<RemoteRefs> {
    return this.store.lsRemote(repoURL, opts);
  }

  /** Author, date, message and tags of a commit (a full SHA) in a Git repository. */
  revisionMetadata(repoURL: string, sha: string, who: Requester = {}): Promise<RevisionMetadata> {
    return this.store.revisionMetadata(repoURL, sha, who);
  }

  /** The commits `base` and `head` name, and the paths that differ between them (a PR preview). */
  async changedFiles(
    repoURL: string,
    base: string,
    head: string,
    who: Requester = {},
  ): Promise<{ baseSha: string; headSha: string; files: string[] }> {
    const [baseSha, headSha] = await Promise.all([
      this.store.resolveRevision(repoURL, base, { ...who, noCache: true }),
      this.store.resolveRevision(repoURL, head, { ...who, noCache: true }),
    ]);
    return { baseSha, headSha, files: await this.store.changedFiles(repoURL, baseSha, headSha, who) };
  }

  /**
   * Whether a repository answers with these settings (as `repo add` checks before it stores them);
   * settings without credentials get those a template (or the registered repository) would give.
   */
  async testRepository(fields: RepositoryFields): Promise<void> {
    const inherited = hasCredentialFields(fields) ? {} : this.ws.credentialsFor(fields.url, fields.project);
    const { url, type, name: _n, project: _p, ...own } = fields;
    const credentials = { ...inherited, ...own };
    if (type !== 'oci' && type !== 'helm') return this.store.testAccess(url, credentials);
    const host = chartRepoHost(url, credentials);
    const caCerts = host ? this.ws.credentials.tlsCertsFor(host) : undefined;
    await this.ws.inWorkDir((workDir) =>
      testChartSource(this.ws.toolContext(workDir), url, credentials, caCerts),
    );
  }

  /**
   * The tool a source would be rendered with, read from its checkout at targetRevision (as the UI's form
   * asks), and for a plugin its parameters announcement (its dynamic command runs in the sandbox).
   */
  async appDetails(
    source: ApplicationSource,
    who: Requester = {},
    app: { appName?: string | undefined; appNamespace?: string | undefined } = {},
  ): Promise<SourceDetails> {
    if (source.chart) return { type: 'Helm' };
    const sha = await this.store.resolveRevision(source.repoURL, source.targetRevision, who);
    const root = await this.store.checkout(source.repoURL, sha, who);
    const dir = await sourceFolder(root, source.path, 'the path must name a folder in the repository');
    const env = buildEnv({
      appName: app.appName ?? '',
      appNamespace: app.appNamespace ?? '',
      revision: sha,
      source,
      apiVersions: [],
    });
    const where = { repoRoot: root, appDir: dir };
    const plugin = await pluginFor(this.ws, source, where, await this.plugins.load(), env);
    if (!plugin) return { type: await detectSourceType(source, dir) };
    const parametersAnnouncement = await pluginParameters(this.ws, plugin, source, where, env, who.project);
    return { type: 'Plugin', plugin: { name: plugin.name, parametersAnnouncement } };
  }

  async render(req: RenderRequest): Promise<RenderResult> {
    const { source } = req;
    const revision = source.chart
      ? (source.targetRevision ?? '')
      : await this.store.resolveRevision(source.repoURL, source.targetRevision, {
          noCache: (req.noCache ?? false) || (req.refreshRevision ?? false),
          project: req.project,
        });
    const refs = await this.resolveRefs(req);
    const plugins = await this.plugins.load();
    const { repoURL: _r, targetRevision: _t, ...rest } = source;
    const key = renderKey({
      repo: source.repoURL,
      revision,
      path: source.chart ?? source.path ?? '',
      options: {
        rest,
        a: req.appName,
        n: req.appNamespace,
        d: req.destinationNamespace,
        k: req.kubeVersion,
        v: req.apiVersions,
        b: req.kustomizeBuildOptions,
        r: refs,
        p: plugins.fingerprint,
      },
    });
    const hit =
      req.noCache || (source.chart && !isExactChartVersion(source.targetRevision))
        ? undefined
        : this.cache.get(key);
    if (hit) {
      this.cacheHits++;
      return { revision, objects: renderCopies(hit), sourceType: hit.sourceType, cached: true };
    }
    let p = this.inflight.get(key);
    if (!p) {
      // Cached once by the render itself, not again by each caller that waited for it.
      p = this.renderUncached(req, revision, refs, plugins)
        .then((res) => {
          const done = {
            objects: res.objects,
            sourceType: res.sourceType,
            digests: res.objects.map(computeDigest),
          };
          this.cache.set(key, done);
          return { ...res, ...done };
        })
        .finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    const done = await p;
    const { digests: _digests, ...res } = done;
    return { ...res, objects: renderCopies(done) };
  }

  private async renderUncached(
    req: RenderRequest,
    revision: string,
    refs: Record<string, { repoURL: string; sha: string }>,
    plugins: PluginSet,
  ): Promise<RenderResult> {
    this.renders++;
    const refRoots: Record<string, string> = {};
    for (const [name, r] of Object.entries(refs))
      refRoots[name] = await this.store.checkout(r.repoURL, r.sha, { project: req.project });
    return this.ws.inWorkDir((workDir) => this.renderer.render(workDir, req, revision, refRoots, plugins));
  }

  /** The commit each `$ref` value file or file parameter of the source would be read at (only refs it names). */
  private async resolveRefs(req: RenderRequest): Promise<Record<string, { repoURL: string; sha: string }>> {
    const helm = req.source.helm;
    const paths = [...(helm?.valueFiles ?? []), ...(helm?.fileParameters ?? []).map((f) => f.path)];
    const named = new Set(paths.flatMap((v) => /^\$([^/]+)\//.exec(v)?.[1] ?? []));
    const out: Record<string, { repoURL: string; sha: string }> = {};
    for (const name of named) {
      const ref = req.refs?.[name];
      if (!ref) continue; // helm-args reports the unknown ref with a hint
      const sha = await this.store.resolveRevision(ref.repoURL, ref.targetRevision, {
        noCache: (req.noCache ?? false) || (req.refreshRevision ?? false),
        project: req.project,
      });
      out[name] = { repoURL: ref.repoURL, sha };
    }
    return out;
  }
}
