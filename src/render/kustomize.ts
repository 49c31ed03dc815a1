// The Kustomize renderer: the real kustomize (or `kubectl kustomize`), with the Application's
// kustomize options applied through a generated overlay.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { overlayKustomization, needsOverlay } from './kustomize-overlay.js';
import { scanKustomization } from './kustomize-scan.js';
import { parseManifests, type SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import type { RenderContext, Renderer } from './types.js';

export class KustomizeRenderer implements Renderer {
  readonly type = 'Kustomize' as const;

  async render(ctx: RenderContext): Promise<SourcedObject[]> {
    await scanKustomization(ctx.repoRoot, ctx.appDir, { allowRemoteBases: ctx.allowRemoteBases });
    let target = ctx.appDir;
    const k = ctx.source.kustomize;
    if (needsOverlay(k)) {
      target = join(ctx.workDir, 'overlay');
      await mkdir(target, { recursive: true });
      const text = await overlayKustomization({
        k,
        repoRoot: ctx.repoRoot,
        appDir: ctx.appDir,
        overlayDir: target,
      });
      await writeFile(join(target, 'kustomization.yaml'), text);
    }
    // `kubectl kustomize DIR` has no `build` subcommand, unlike the kustomize binary.
    const viaKubectl = ctx.tools.locate('kustomize').prefixArgs.length > 0;
    const out = await runTool(ctx, 'kustomize', viaKubectl ? [target] : ['build', target], {
      cwd: ctx.appDir,
      network: ctx.allowRemoteBases,
      hint: 'fix the kustomization shown; run `kustomize build` in that folder to see the full error',
    });
    return parseManifests(out, { tool: 'kustomize', file: undefined, limits: ctx.limits });
  }
}
