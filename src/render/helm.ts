// The Helm renderer: the real `helm template` on a chart directory (from Git, or unpacked from a
// Helm repository), with hooks kept in the output for the sync engine. Dependencies declared in
// Chart.yaml but not in charts/ are built first, as Argo CD does.
import { helmTemplateArgs } from './helm-args.js';
import {
  chartDependencies,
  hasUnvendored,
  helmHome,
  isMissingDependencyError,
  withDependencies,
} from './helm-deps.js';
import { RenderError } from './errors.js';
import type { SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { assertNoEscapingSymlinks } from './safe-path.js';
import type { RenderContext, Renderer } from './types.js';

export class HelmRenderer implements Renderer {
  readonly type = 'Helm' as const;

  async render(ctx: RenderContext): Promise<SourcedObject[]> {
    // helm reads every file of the chart, following symlinks: check them all first.
    await assertNoEscapingSymlinks(ctx.repoRoot, ctx.appDir, 'helm');
    const deps = await chartDependencies(ctx.appDir, ctx.repoRoot);
    if (await hasUnvendored(ctx.appDir, deps)) return this.template(await this.withDependencies(ctx));
    try {
      return await this.template(ctx);
    } catch (e) {
      // charts/ may hold archives of other charts than those declared: Argo CD's cue is helm's own error.
      if (!(e instanceof RenderError) || !isMissingDependencyError(e.message)) throw e;
      return this.template(await this.withDependencies(ctx));
    }
  }

  private async withDependencies(ctx: RenderContext): Promise<RenderContext> {
    const { root, dir } = await withDependencies(ctx, ctx.cacheDir);
    return { ...ctx, repoRoot: root, appDir: dir };
  }

  private async template(ctx: RenderContext): Promise<SourcedObject[]> {
    const args = await helmTemplateArgs(ctx);
    const out = await runTool(ctx, 'helm', args, {
      cwd: ctx.appDir,
      // Keep helm away from the user's own repositories, plugins and registry logins.
      env: helmHome(ctx),
      // Value files of other sources ($ref/path) are read from their checkouts.
      readOnly: Object.values(ctx.refRoots ?? {}),
      hint: 'fix the chart or values shown; run `helm template` on the chart to see the full error',
    });
    return ctx.parser.parseText(out, { tool: 'helm', file: undefined, limits: ctx.limits });
  }
}
