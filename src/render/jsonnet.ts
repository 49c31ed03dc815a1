// Evaluates one .jsonnet file with Debian's jsonnet CLI (see docs/adr/0002): ext vars, TLAs and
// library paths from directory.jsonnet; the render sandbox (ADR 0010) keeps every import, including
// those of `code` ext vars and TLAs, inside the checkout.
import { dirname, relative } from 'node:path';
import { isPlainObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { checkObject, type SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { limitExceeded, valueDepth } from './limits.js';
import { resolveInside } from './safe-path.js';
import type { RenderContext } from './types.js';

function varArgs(
  flag: 'ext' | 'tla',
  vars: readonly { name: string; value: string; code?: boolean }[] = [],
): string[] {
  return vars.flatMap((v) => [`--${flag}-${v.code ? 'code' : 'str'}`, `${v.name}=${v.value}`]);
}

export async function renderJsonnetFile(ctx: RenderContext, file: string): Promise<SourcedObject[]> {
  const opts = ctx.source.directory?.jsonnet ?? {};
  const rel = relative(ctx.repoRoot, file);
  const jpaths: string[] = [];
  for (const lib of opts.libs ?? []) {
    jpaths.push(await resolveInside(ctx.repoRoot, lib, { what: 'jsonnet library path', tool: 'jsonnet' }));
  }
  const args = [
    ...varArgs('ext', opts.extVars),
    ...varArgs('tla', opts.tlas),
    ...jpaths.flatMap((j) => ['-J', j]),
    '--',
    file,
  ];
  const out = await runTool(ctx, 'jsonnet', args, {
    cwd: dirname(file),
    hint: 'fix the Jsonnet error shown, or the extVars / tlas given in directory.jsonnet',
  });
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    throw new RenderError('jsonnet output is not JSON', { reason: 'ToolFailed', tool: 'jsonnet', file: rel });
  }
  const depth = valueDepth(value, ctx.limits.maxDepth);
  if (depth > ctx.limits.maxDepth)
    throw limitExceeded('maxDepth', `the output nests ${depth} levels, more than ${ctx.limits.maxDepth}`, {
      tool: 'jsonnet',
      file: rel,
    });
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((it): SourcedObject[] => {
    if (
      isPlainObject(it) &&
      typeof it['kind'] === 'string' &&
      it['kind'].endsWith('List') &&
      Array.isArray(it['items'])
    ) {
      return it['items'].map((x) => ({ object: checkObject(x, { tool: 'jsonnet', file: rel }), file: rel }));
    }
    return [{ object: checkObject(it, { tool: 'jsonnet', file: rel }), file: rel }];
  });
}
