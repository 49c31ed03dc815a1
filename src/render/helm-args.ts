// Translates an Application's helm block into `helm template` arguments, the way Argo CD does:
// value files (inside the repository only), then values / valuesObject, then parameters.
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { HelmSource } from '../model/index.js';
import { RenderError } from './errors.js';
import { resolveInside } from './safe-path.js';
import type { RenderContext } from './types.js';

/** Helm splits --set on unescaped commas; a parameter value is one value, so escape them. */
export function escapeSetValue(v: string): string {
  return v.replace(/(?<!\\),/g, '\\,');
}

/**
 * Where a value file or file parameter lives: `$ref/path` in the checkout of the source with that
 * `ref` (multi-source apps), anything else relative to the source path in this repository.
 */
function sourceFile(
  ctx: RenderContext,
  path: string,
  appRel: string,
  what: string,
): { root: string; rel: string } {
  const ref = /^\$([^/]+)\/(.+)$/.exec(path);
  if (!ref) return { root: ctx.repoRoot, rel: join(appRel, path) };
  const root = ctx.refRoots?.[ref[1] ?? ''];
  if (!root)
    throw new RenderError(`${what} ${JSON.stringify(path)} names a source ref that is not in spec.sources`, {
      reason: 'ValueFileMissing',
      tool: 'helm',
      hint: `add a source with ref: ${ref[1] ?? ''} to spec.sources, or fix the name after $`,
    });
  return { root, rel: ref[2] ?? '' };
}

async function valueFileArgs(ctx: RenderContext, helm: HelmSource): Promise<string[]> {
  const args: string[] = [];
  const appRel = relative(ctx.repoRoot, ctx.appDir);
  for (const vf of helm.valueFiles ?? []) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(vf)) {
      throw new RenderError(`value file ${JSON.stringify(vf)} is a URL`, {
        reason: 'PathEscape',
        tool: 'helm',
        hint: 'value files must be inside the repository',
      });
    }
    const { root, rel } = sourceFile(ctx, vf, appRel, 'value file');
    try {
      args.push('--values', await resolveInside(root, rel, { what: 'value file', tool: 'helm' }));
    } catch (e) {
      if (e instanceof RenderError && e.reason === 'PathNotFound') {
        if (helm.ignoreMissingValueFiles) continue;
        throw new RenderError(`value file ${JSON.stringify(vf)} does not exist`, {
          reason: 'ValueFileMissing',
          tool: 'helm',
          file: rel,
          hint: 'add the file, fix the path in helm.valueFiles, or set helm.ignoreMissingValueFiles',
        });
      }
      throw e;
    }
  }
  return args;
}

export async function helmTemplateArgs(ctx: RenderContext): Promise<string[]> {
  const helm = ctx.source.helm ?? {};
  const releaseName = helm.releaseName || ctx.appName;
  const args = ['template', releaseName, ctx.appDir];
  const namespace = helm.namespace || ctx.namespace;
  if (namespace) args.push('--namespace', namespace);
  args.push(helm.skipCrds ? '--skip-crds' : '--include-crds');
  if (helm.skipTests) args.push('--skip-tests');
  if (helm.skipSchemaValidation) args.push('--skip-schema-validation');
  const kubeVersion = helm.kubeVersion || ctx.kubeVersion;
  if (kubeVersion) args.push('--kube-version', kubeVersion);
  const apiVersions = helm.apiVersions?.length ? helm.apiVersions : ctx.apiVersions;
  for (const v of apiVersions) args.push('--api-versions', v);
  args.push(...(await valueFileArgs(ctx, helm)));
  // valuesObject takes precedence over the values string, as in Argo CD.
  const inline = helm.valuesObject ? stringify(helm.valuesObject) : helm.values;
  if (inline && inline.trim()) {
    const file = join(ctx.workDir, 'inline-values.yaml');
    await writeFile(file, inline);
    args.push('--values', file);
  }
  for (const p of helm.parameters ?? []) {
    args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${escapeSetValue(p.value)}`);
  }
  const appRel = relative(ctx.repoRoot, ctx.appDir);
  for (const fp of helm.fileParameters ?? []) {
    const { root, rel } = sourceFile(ctx, fp.path, appRel, 'helm file parameter');
    const real = await resolveInside(root, rel, { what: 'helm file parameter', tool: 'helm' });
    args.push('--set-file', `${fp.name}=${real}`);
  }
  return args;
}
