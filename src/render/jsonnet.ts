// Evaluates one .jsonnet file with Debian's jsonnet CLI (see docs/adr/0002): ext vars, TLAs and
// library paths from directory.jsonnet; imports are checked statically to stay inside the repository.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { isPlainObject } from '../model/index.js';
import { RenderError } from './errors.js';
import { checkObject, type SourcedObject } from './parse-manifests.js';
import { runTool } from './run-tool.js';
import { resolveInside } from './safe-path.js';
import type { RenderContext } from './types.js';

// Import paths are string literals in Jsonnet, so they can be read without evaluating.
const IMPORT = /\bimport(?:str|bin)?\s*(?:@?'((?:[^'\\]|\\.)*)'|@?"((?:[^"\\]|\\.)*)")/g;

/** Follows imports from `file` and fails if any would read a file outside the repository. */
async function checkImports(
  ctx: RenderContext,
  file: string,
  jpaths: readonly string[],
  seen = new Set<string>(),
): Promise<void> {
  if (seen.has(file)) return;
  seen.add(file);
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? '';
    const rel = relative(ctx.repoRoot, file);
    const candidates = spec.startsWith('/')
      ? [spec]
      : [dirname(file), ...jpaths].map((d) => resolve(d, spec));
    for (const c of candidates) {
      const real = await resolveInside(ctx.repoRoot, relative(ctx.repoRoot, c), {
        what: `import in ${rel}`,
        tool: 'jsonnet',
        mustExist: false,
      }).catch((e: unknown) => {
        if (e instanceof RenderError)
          throw new RenderError(`import ${JSON.stringify(spec)} leaves the repository`, {
            reason: 'PathEscape',
            tool: 'jsonnet',
            file: rel,
            hint: 'Jsonnet imports must stay inside the repository',
          });
        throw e;
      });
      if (/\.(lib)?sonnet$/.test(real)) await checkImports(ctx, real, jpaths, seen);
    }
  }
}

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
  await checkImports(ctx, file, jpaths);
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
