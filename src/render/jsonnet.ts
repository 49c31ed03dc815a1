// Evaluates one .jsonnet file with Debian's jsonnet CLI (see docs/adr/0002): ext vars, TLAs and
// library paths from directory.jsonnet; the render sandbox (ADR 0010) keeps every import, including
// those of `code` ext vars and TLAs, inside the checkout.
import { dirname, relative } from 'node:path';
import type { SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
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
  // Large output is parsed on the parse worker, like YAML, never on the API's event loop.
  return ctx.parser.parseText(out, { tool: 'jsonnet', file: rel, limits: ctx.limits, format: 'json' });
}
