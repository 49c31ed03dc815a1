// The Helm renderer: the real `helm template` on a chart directory (from Git, or unpacked from a
// Helm repository), with hooks kept in the output for the sync engine.
import { join } from 'node:path';
import { helmTemplateArgs } from './helm-args.js';
import { parseManifests, type SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { assertNoEscapingSymlinks } from './safe-path.js';
import type { RenderContext, Renderer } from './types.js';

export class HelmRenderer implements Renderer {
  readonly type = 'Helm' as const;

  async render(ctx: RenderContext): Promise<SourcedObject[]> {
    // helm reads every file of the chart, following symlinks: check them all first.
    await assertNoEscapingSymlinks(ctx.repoRoot, ctx.appDir, 'helm');
    const args = await helmTemplateArgs(ctx);
    const home = join(ctx.workDir, '.helm');
    const out = await runTool(ctx, 'helm', args, {
      cwd: ctx.appDir,
      // Keep helm away from the user's own repositories, plugins and registry logins.
      env: {
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
      hint: 'fix the chart or values shown; run `helm template` on the chart to see the full error',
    });
    return parseManifests(out, { tool: 'helm', file: undefined, limits: ctx.limits });
  }
}
