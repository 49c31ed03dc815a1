// The repo service: resolves a source's revision, checks it out, picks the tool, renders,
// validates, and caches the result by (repo, SHA, path, options). The controller and the
// `driftless manifests` command both call this.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  noCredentials,
  RepoStore,
  type CredentialProvider,
  type RemoteCallObserver,
  type RemoteRefs,
  type RepoCredentials,
  type Requester,
  type RevisionMetadata,
} from '../git/index.js';
import {
  hasCredentialFields,
  type ApplicationSource,
  type KubeObject,
  type RepositoryFields,
} from '../model/index.js';
import type { ParameterAnnouncement } from '../model/plugin-announcement.js';
import { buildEnv } from './build-env.js';
import { detectSourceType } from './detect.js';
import { DirectoryRenderer } from './directory.js';
import { RenderError } from './errors.js';
import { fetchSourceChart, testChartSource } from './chart-source.js';
import { chartRepoHost } from './helm-registry.js';
import { isExactChartVersion } from './helm-repo.js';
import { HelmRenderer } from './helm.js';
import { KustomizeRenderer } from './kustomize.js';
import { DEFAULT_LIMITS, type RenderLimits } from './limits.js';
import { ParsePool } from './parse-pool.js';
import { RenderCache, renderKey } from './render-cache.js';
import { isDirectory, resolveInside } from './safe-path.js';
import { withSourceOverrides } from './source-overrides.js';
import { RenderSandbox, type SandboxMode, type SandboxState } from './sandbox.js';
import { decryptSops, markDecryptedSecrets } from './sops.js';
import { ToolLocator } from './tools.js';
import type { RenderContext, Renderer, SourceType, ToolContext } from './types.js';
import { validateObjects } from './validate.js';
import type { PluginSet } from './plugin/plugin-catalog.js';
import { PluginCatalog } from './plugin/plugin-catalog.js';
import type { ConfigManagementPlugin } from './plugin/plugin-config.js';
import { pluginEnv } from './plugin/plugin-env.js';
import { ownFolderEnv, renderWithPlugin, runPluginCommand, secretsOf } from './plugin/plugin-renderer.js';
import { announceParameters } from './plugin/plugin-parameters.js';
import { RepoLock } from './plugin/repo-lock.js';
import { selectPlugin } from './plugin/plugin-select.js';

export interface RenderRequest {
  appName: string;
  appNamespace: string;
  source: ApplicationSource;
  /** spec.destination.namespace: default namespace for helm/kustomize. */
  destinationNamespace?: string | undefined;
  /** The destination cluster's version (e.g. `1.34.4`), for helm --kube-version and KUBE_VERSION. */
  kubeVersion?: string | undefined;
  /** The destination cluster's API versions, for helm --api-versions and KUBE_API_VERSIONS. */
  apiVersions?: readonly string[] | undefined;
  /** argocd-cm `kustomize.buildOptions` (e.g. `--enable-helm`, `--load-restrictor LoadRestrictionsNone`). */
  kustomizeBuildOptions?: string | undefined;
  /** Hard refresh: ask the remote again and ignore cached renders. */
  noCache?: boolean | undefined;
  /** Normal refresh: ask the remote for the revision again, but reuse a cached render of it. */
  refreshRevision?: boolean | undefined;
  /** The app's project: selects project-scoped repository credentials. */
  project?: string | undefined;
  /** Multi-source apps: the `ref` sources this source's `$ref/path` value files may name. */
  refs?: Readonly<Record<string, RefSource>> | undefined;
}

/** A Git source named by `ref` in spec.sources, at a revision (a branch, tag or SHA). */
export interface RefSource {
  repoURL: string;
  targetRevision?: string | undefined;
}

export interface RenderResult {
  /** Resolved commit SHA (or chart version for a Helm repository chart). */
  revision: string;
  objects: KubeObject[];
  sourceType: SourceType;
  cached: boolean;
}

export interface RepoServiceOptions {
  cacheDir: string;
  /** Credentials, known hosts and CA certificates (the live cluster settings in the product). */
  credentials?: CredentialProvider | undefined;
  allowRemoteBases?: boolean | undefined;
  /** Limit for one helm/kustomize/jsonnet run. Default 90 s (same as limits.renderTimeoutMs). */
  renderTimeoutMs?: number | undefined;
  /** Per-render limits; unset fields keep DEFAULT_LIMITS (docs/security.md). */
  limits?: Partial<RenderLimits> | undefined;
  /** How render tools are confined; default `bwrap` (docs/security.md). */
  sandbox?: SandboxMode | undefined;
  /** Limit for one git fetch. Default 5 minutes. */
  gitTimeoutMs?: number | undefined;
  maxRepoBytes?: number | undefined;
  /** How long a resolved branch/tag is trusted. Default 180 s. */
  revisionCacheTtlMs?: number | undefined;
  renderCacheEntries?: number | undefined;
  tools?: ToolLocator | undefined;
  /** Folder of config management plugins (plugin.yaml files); ConfigMaps come through `credentials`. */
  pluginDir?: string | undefined;
  /** Told how long each git ls-remote and fetch took (metrics). */
  onRemoteCall?: RemoteCallObserver | undefined;
}

/** What a source holds, as Argo CD's appdetails answers: its type and, for a plugin, what it announces. */
export interface SourceDetails {
  type: SourceType;
  plugin?: { name: string; parametersAnnouncement: ParameterAnnouncement[] };
}

export interface RepoServiceStats {
  gitSpawns: number;
  toolSpawns: number;
  cacheHits: number;
  renders: number;
}

export class RepoService {
  private readonly store: RepoStore;
  private readonly cache: RenderCache;
  private readonly tools: ToolLocator;
  private readonly limits: RenderLimits;
  private readonly sandbox: RenderSandbox;
  private readonly parser = new ParsePool();
  private readonly inflight = new Map<string, Promise<RenderResult>>();
  private readonly plugins: PluginCatalog;
  /** Plugins with `lockRepo` render one at a time per repository. */
  private readonly pluginLocks = new RepoLock();
  private readonly renderers: Record<Exclude<SourceType, 'Plugin'>, Renderer> = {
    Directory: new DirectoryRenderer(),
    Kustomize: new KustomizeRenderer(),
    Helm: new HelmRenderer(),
  };
  private toolSpawns = 0;
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
    this.cache = new RenderCache(opts.renderCacheEntries);
    this.tools = opts.tools ?? new ToolLocator();
    this.limits = {
      ...DEFAULT_LIMITS,
      ...(opts.renderTimeoutMs ? { renderTimeoutMs: opts.renderTimeoutMs } : {}),
      ...opts.limits,
    };
    this.sandbox = new RenderSandbox(opts.sandbox ?? 'bwrap');
    this.plugins = new PluginCatalog(opts.pluginDir, () => opts.credentials?.pluginConfigs?.() ?? []);
  }

  stats(): RepoServiceStats {
    return {
      gitSpawns: this.store.spawns,
      toolSpawns: this.toolSpawns,
      cacheHits: this.cacheHits,
      renders: this.renders,
    };
  }

  /** Whether render tools run confined here (`auto` may have fallen back; docs/security.md). */
  sandboxState(): Promise<SandboxState> {
    return this.sandbox.state();
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
    const inherited = hasCredentialFields(fields) ? {} : this.credentialsFor(fields.url, fields.project);
    const { url, type, name: _n, project: _p, ...own } = fields;
    const credentials = { ...inherited, ...own };
    if (type !== 'oci' && type !== 'helm') return this.store.testAccess(url, credentials);
    const host = chartRepoHost(url, credentials);
    const caCerts = host ? (this.opts.credentials ?? noCredentials).tlsCertsFor(host) : undefined;
    await this.inWorkDir((workDir) =>
      testChartSource(
        this.toolContext(workDir, () => this.toolSpawns++),
        url,
        credentials,
        caCerts,
      ),
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
    const dir = await resolveInside(root, source.path ?? '.', { what: 'source path', tool: 'directory' });
    if (!(await isDirectory(dir)))
      throw new RenderError(`source path ${JSON.stringify(source.path)} is not a directory`, {
        reason: 'PathNotFound',
        tool: 'directory',
        hint: 'the path must name a folder in the repository',
      });
    const env = buildEnv({
      appName: app.appName ?? '',
      appNamespace: app.appNamespace ?? '',
      revision: sha,
      source,
      apiVersions: [],
    });
    const where = { repoRoot: root, appDir: dir };
    const plugin = await this.pluginFor(source, where, await this.plugins.load(), env);
    if (!plugin) return { type: await detectSourceType(source, dir) };
    const parametersAnnouncement = await announceParameters(plugin, (cmd) =>
      this.inWorkDir((workDir) => {
        const ctx = { ...this.toolContext(workDir, () => this.toolSpawns++), ...where };
        const pluginVars = { ...pluginEnv(source.plugin, env), ...ownFolderEnv(plugin) };
        const redact = secretsOf({ source, credentialsFor: (url) => this.credentialsFor(url, who.project) });
        return runPluginCommand(
          { ...ctx, env: { ...env, ...pluginVars } },
          plugin,
          'parameters',
          cmd,
          redact,
        );
      }),
    );
    return { type: 'Plugin', plugin: { name: plugin.name, parametersAnnouncement } };
  }

  /**
   * The plugin that renders a source without an explicit helm/kustomize/directory block: the one it
   * names, else the first whose discover rule matches (undefined: the built-in tools decide).
   */
  private async pluginFor(
    source: ApplicationSource,
    where: { repoRoot: string; appDir: string },
    set: PluginSet,
    buildEnv: Record<string, string>,
  ): Promise<ConfigManagementPlugin | undefined> {
    if (source.chart || source.helm || source.kustomize || source.directory) return undefined;
    if (!source.plugin && set.plugins.length === 0) return undefined;
    return this.inWorkDir(async (workDir) => {
      const env = { ...buildEnv, ...pluginEnv(source.plugin, buildEnv) };
      const ctx = { ...this.toolContext(workDir, () => this.toolSpawns++), ...where, env };
      return selectPlugin(set, source, where.appDir, {
        maxFiles: this.limits.maxFiles,
        find: (p, command, args) =>
          runPluginCommand(
            { ...ctx, env: { ...env, ...ownFolderEnv(p) } },
            p,
            'discover',
            { command, args },
            [],
          ).then(
            (out) => out.trim() !== '',
            (e: unknown) => {
              if (e instanceof RenderError) return false;
              throw e;
            },
          ),
      });
    });
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
      return { revision, objects: structuredClone(hit.objects), sourceType: hit.sourceType, cached: true };
    }
    let p = this.inflight.get(key);
    if (!p) {
      p = this.renderUncached(req, revision, refs, plugins).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    const res = await p;
    this.cache.set(key, { objects: res.objects, sourceType: res.sourceType });
    return { ...res, objects: structuredClone(res.objects) };
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
    return this.inWorkDir((workDir) => this.renderIn(workDir, req, revision, refRoots, plugins));
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

  /** Runs `fn` with a fresh scratch folder of its own, removed after. */
  private async inWorkDir<T>(fn: (workDir: string) => Promise<T>): Promise<T> {
    const workRoot = join(this.opts.cacheDir, 'work');
    await mkdir(workRoot, { recursive: true });
    const workDir = await mkdtemp(join(workRoot, 'r-'));
    try {
      return await fn(workDir);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** What runs one tool in a render's scratch folder (before the checkout or chart is known). */
  private toolContext(workDir: string, onSpawn: () => void): ToolContext {
    return {
      repoRoot: workDir,
      appDir: workDir,
      env: {},
      tools: this.tools,
      timeoutMs: this.limits.renderTimeoutMs,
      limits: this.limits,
      budget: { bytes: 0 },
      sandbox: this.sandbox,
      workDir,
      onSpawn,
    };
  }

  private credentialsFor(url: string, project: string | undefined): RepoCredentials | undefined {
    return (this.opts.credentials ?? noCredentials).accessFor(url, project).credentials;
  }

  private async renderIn(
    workDir: string,
    req: RenderRequest,
    revision: string,
    refRoots: Record<string, string>,
    plugins: PluginSet,
  ): Promise<RenderResult> {
    let { source } = req;
    const onSpawn = () => this.toolSpawns++;
    let repoRoot: string;
    let appDir: string;
    let resolved = revision;
    if (source.chart) {
      const chart = await fetchSourceChart(this.toolContext(workDir, onSpawn), {
        source,
        chart: source.chart,
        credentials: this.credentialsFor(source.repoURL, req.project),
        provider: this.opts.credentials ?? noCredentials,
        cacheDir: this.opts.cacheDir,
      });
      repoRoot = appDir = chart.dir;
      resolved = chart.version;
    } else {
      repoRoot = await this.store.checkout(source.repoURL, revision, { project: req.project });
      appDir = await resolveInside(repoRoot, source.path ?? '.', { what: 'source path', tool: 'directory' });
      if (!(await isDirectory(appDir))) {
        throw new RenderError(`source path ${JSON.stringify(source.path)} is not a directory`, {
          reason: 'PathNotFound',
          tool: 'directory',
          hint: 'spec.source.path must name a folder in the repository',
        });
      }
      // Argo CD's .argocd-source[-<app>].yaml overrides (the image updater's default write-back).
      source = await withSourceOverrides(source, repoRoot, appDir, req.appName);
    }
    const apiVersions = req.apiVersions ?? [];
    const ctx: RenderContext = {
      repoRoot,
      appDir,
      source,
      refRoots,
      appName: req.appName,
      appNamespace: req.appNamespace,
      namespace: req.destinationNamespace,
      kubeVersion: req.kubeVersion,
      apiVersions,
      env: buildEnv({
        appName: req.appName,
        appNamespace: req.appNamespace,
        revision: resolved,
        source,
        kubeVersion: req.kubeVersion,
        apiVersions,
      }),
      tools: this.tools,
      timeoutMs: this.limits.renderTimeoutMs,
      limits: this.limits,
      budget: { bytes: 0 },
      sandbox: this.sandbox,
      parser: this.parser,
      workDir,
      cacheDir: this.opts.cacheDir,
      credentialsFor: (url) => this.credentialsFor(url, req.project),
      caCertsFor: (host) => (this.opts.credentials ?? noCredentials).tlsCertsFor(host),
      allowRemoteBases: this.opts.allowRemoteBases ?? false,
      kustomizeBuildOptions: req.kustomizeBuildOptions,
      onSpawn,
    };
    const plugin = source.chart ? undefined : await this.pluginFor(source, ctx, plugins, ctx.env);
    const sourceType = plugin ? 'Plugin' : await detectSourceType(source, appDir);
    const sops = await decryptSops(ctx, sourceType, this.opts.credentials?.sopsAgeKeys?.() ?? '');
    const sourced = plugin
      ? await renderWithPlugin(sops?.ctx ?? ctx, plugin, this.pluginLocks)
      : await this.renderers[sourceType === 'Plugin' ? 'Directory' : sourceType].render(sops?.ctx ?? ctx);
    markDecryptedSecrets(sourced, sops?.values ?? new Set());
    const tool =
      sourceType === 'Helm'
        ? 'helm'
        : sourceType === 'Kustomize'
          ? 'kustomize'
          : sourceType === 'Plugin'
            ? 'plugin'
            : 'directory';
    validateObjects(sourced, tool);
    return { revision: resolved, objects: sourced.map((s) => s.object), sourceType, cached: false };
  }
}
