// One render of one source in a scratch folder: fetch the chart or check out the path (with Argo CD's
// .argocd-source overrides), pick the plugin or the built-in tool, decrypt SOPS files, render, validate.
import type { RepoStore } from '../git/index.js';
import { buildEnv } from './build-env.js';
import { fetchSourceChart } from './chart-source.js';
import { detectSourceType } from './detect.js';
import { DirectoryRenderer } from './directory.js';
import { RenderError } from './errors.js';
import { HelmRenderer } from './helm.js';
import { KustomizeRenderer } from './kustomize.js';
import { ParsePool } from './parse-pool.js';
import type { PluginSet } from './plugin/plugin-catalog.js';
import { renderWithPlugin } from './plugin/plugin-renderer.js';
import { RepoLock } from './plugin/repo-lock.js';
import { pluginFor } from './plugin/source-plugin.js';
import type { RenderWorkspace } from './render-workspace.js';
import type { RenderRequest, RenderResult } from './repo-service-types.js';
import { isDirectory, resolveInside } from './safe-path.js';
import { decryptSops, markDecryptedSecrets } from './sops.js';
import { withSourceOverrides } from './source-overrides.js';
import type { RenderContext, Renderer, SourceType } from './types.js';
import { validateObjects } from './validate.js';

/** The folder a source's path names in its checkout; a path that is not a folder is PathNotFound with `hint`. */
export async function sourceFolder(
  repoRoot: string,
  path: string | undefined,
  hint: string,
): Promise<string> {
  const dir = await resolveInside(repoRoot, path ?? '.', { what: 'source path', tool: 'directory' });
  if (!(await isDirectory(dir)))
    throw new RenderError(`source path ${JSON.stringify(path)} is not a directory`, {
      reason: 'PathNotFound',
      tool: 'directory',
      hint,
    });
  return dir;
}

export class SourceRenderer {
  private readonly parser = new ParsePool();
  /** Plugins with `lockRepo` render one at a time per repository. */
  private readonly pluginLocks = new RepoLock();
  private readonly renderers: Record<Exclude<SourceType, 'Plugin'>, Renderer> = {
    Directory: new DirectoryRenderer(),
    Kustomize: new KustomizeRenderer(),
    Helm: new HelmRenderer(),
  };

  constructor(
    private readonly ws: RenderWorkspace,
    private readonly store: RepoStore,
    private readonly allowRemoteBases: boolean,
  ) {}

  async render(
    workDir: string,
    req: RenderRequest,
    revision: string,
    refRoots: Record<string, string>,
    plugins: PluginSet,
  ): Promise<RenderResult> {
    const { ws } = this;
    let { source } = req;
    let repoRoot: string;
    let appDir: string;
    let resolved = revision;
    if (source.chart) {
      const chart = await fetchSourceChart(ws.toolContext(workDir), {
        source,
        chart: source.chart,
        credentials: ws.credentialsFor(source.repoURL, req.project),
        provider: ws.credentials,
        cacheDir: ws.cacheDir,
      });
      repoRoot = appDir = chart.dir;
      resolved = chart.version;
    } else {
      repoRoot = await this.store.checkout(source.repoURL, revision, { project: req.project });
      appDir = await sourceFolder(
        repoRoot,
        source.path,
        'spec.source.path must name a folder in the repository',
      );
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
      tools: ws.tools,
      timeoutMs: ws.limits.renderTimeoutMs,
      limits: ws.limits,
      budget: { bytes: 0 },
      sandbox: ws.sandbox,
      parser: this.parser,
      workDir,
      cacheDir: ws.cacheDir,
      credentialsFor: (url) => ws.credentialsFor(url, req.project),
      caCertsFor: (host) => ws.credentials.tlsCertsFor(host),
      allowRemoteBases: this.allowRemoteBases,
      kustomizeBuildOptions: req.kustomizeBuildOptions,
      onSpawn: ws.onSpawn,
    };
    const plugin = source.chart ? undefined : await pluginFor(ws, source, ctx, plugins, ctx.env);
    const sourceType = plugin ? 'Plugin' : await detectSourceType(source, appDir);
    const sops = await decryptSops(ctx, sourceType, ws.credentials.sopsAgeKeys?.() ?? '');
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
