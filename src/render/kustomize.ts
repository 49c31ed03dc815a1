// The Kustomize renderer: the real kustomize, as Argo CD runs it. With kustomize options on the
// Application, `kustomize edit` runs on a private copy of the checkout; argocd-cm
// `kustomize.buildOptions` go to `kustomize build`.
import { delimiter, dirname, join, relative } from 'node:path';
import type { KustomizeSource } from '../model/index.js';
import { KUSTOMIZATION_FILES } from './detect.js';
import { RenderError } from './errors.js';
import { helmHome } from './helm-deps.js';
import {
  appendPatches,
  componentsToAdd,
  kustomizeEditSteps,
  type KustomizeEditStep,
} from './kustomize-edit.js';
import { scanKustomization } from './kustomize-scan.js';
import type { SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { scratchCopy } from './scratch-copy.js';
import type { RenderContext, Renderer } from './types.js';

const HINT = 'fix the kustomization shown; run `kustomize build` in that folder to see the full error';

/** Argo CD's build arguments: options split on blanks; with --enable-helm, the cluster's versions for helm. */
export function kustomizeBuildArgs(
  dir: string,
  buildOptions: string | undefined,
  versions: { kubeVersion?: string | undefined; apiVersions: readonly string[] },
): string[] {
  const args = ['build', dir, ...(buildOptions ?? '').split(/\s+/).filter(Boolean)];
  if ((buildOptions ?? '').includes('--enable-helm')) {
    if (versions.kubeVersion) args.push('--helm-kube-version', versions.kubeVersion);
    for (const v of versions.apiVersions) args.push('--helm-api-versions', v);
  }
  return args;
}

export class KustomizeRenderer implements Renderer {
  readonly type = 'Kustomize' as const;

  async render(ctx: RenderContext): Promise<SourcedObject[]> {
    await scanKustomization(ctx.repoRoot, ctx.appDir, { allowRemoteBases: ctx.allowRemoteBases });
    const k = ctx.source.kustomize;
    const steps = k ? kustomizeEditSteps(k, ctx.env) : [];
    const viaKubectl = ctx.tools.locate('kustomize').prefixArgs.length > 0;
    let root = ctx.repoRoot;
    let dir = ctx.appDir;
    if (k && steps.length > 0) {
      if (viaKubectl)
        throw new RenderError('kustomize options on the Application need the kustomize binary', {
          reason: 'ToolMissing',
          tool: 'kustomize',
          hint: '`kubectl kustomize` has no `edit`: build kustomize with scripts/build-tools.sh kustomize or set DRIFTLESS_KUSTOMIZE',
        });
      ({ root, dir } = await this.edited(ctx, k, steps));
    }
    const versions = {
      kubeVersion: k?.kubeVersion || ctx.kubeVersion,
      apiVersions: k?.apiVersions?.length ? k.apiVersions : ctx.apiVersions,
    };
    // `kubectl kustomize DIR` has no `build` subcommand, and no helm version flags.
    const args = viaKubectl
      ? [dir, ...(ctx.kustomizeBuildOptions ?? '').split(/\s+/).filter(Boolean)]
      : kustomizeBuildArgs(dir, ctx.kustomizeBuildOptions, versions);
    const helm = (ctx.kustomizeBuildOptions ?? '').includes('--enable-helm');
    const out = await runTool({ ...ctx, repoRoot: root }, 'kustomize', args, {
      cwd: root,
      // Remote bases, and charts pulled by --enable-helm, need the network (as in Argo CD).
      network: ctx.allowRemoteBases || helm,
      ...(helm ? this.helmAccess(ctx) : {}),
      hint: HINT,
    });
    return ctx.parser.parseText(out, { tool: 'kustomize', file: undefined, limits: ctx.limits });
  }

  /** Runs Argo CD's edits on a private copy; returns the copy's root and app folder. */
  private async edited(
    ctx: RenderContext,
    k: KustomizeSource,
    steps: readonly KustomizeEditStep[],
  ): Promise<{ root: string; dir: string }> {
    const appRel = relative(ctx.repoRoot, ctx.appDir);
    const root = join(ctx.workDir, 'checkout');
    const ownFiles = new Set(KUSTOMIZATION_FILES.map((f) => join(appRel, f)));
    await scratchCopy(ctx.repoRoot, root, { writable: (rel) => ownFiles.has(rel) });
    const dir = join(root, appRel);
    const copyCtx = { ...ctx, repoRoot: root, appDir: dir };
    for (const step of steps) {
      if ('edit' in step)
        await runTool(copyCtx, 'kustomize', ['edit', ...step.edit], { cwd: dir, hint: HINT });
      else if ('patches' in step) await appendPatches(root, dir, step.patches);
      else {
        const components = await componentsToAdd(dir, k);
        if (components.length)
          await runTool(copyCtx, 'kustomize', ['edit', 'add', 'component', ...components], {
            cwd: dir,
            hint: HINT,
          });
      }
    }
    // What the edits added (components, patches) must stay inside the repository too.
    await scanKustomization(root, dir, { allowRemoteBases: ctx.allowRemoteBases });
    return { root, dir };
  }

  /** helm for `--enable-helm`: ours first on PATH (and visible in the sandbox), its settings in the scratch space. */
  private helmAccess(ctx: RenderContext): { env: Record<string, string>; readOnly: string[] } {
    const helm = ctx.tools.locate('helm').command;
    if (!helm.includes('/')) return { env: helmHome(ctx), readOnly: [] };
    return {
      env: { PATH: `${dirname(helm)}${delimiter}/usr/local/bin:/usr/bin:/bin`, ...helmHome(ctx) },
      readOnly: [dirname(helm)],
    };
  }
}
