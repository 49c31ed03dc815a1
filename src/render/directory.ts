// The directory renderer: YAML/JSON manifests (and .jsonnet files) under source.path, optionally
// recursive, filtered by include/exclude globs, in a stable order.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compileGlob } from './glob.js';
import { renderJsonnetFile } from './jsonnet.js';
import { limitExceeded, spendBytes } from './limits.js';
import type { SourcedObject } from './parse-manifests.js';
import { isDirectory, resolveInside } from './safe-path.js';
import type { RenderContext, Renderer } from './types.js';

const MANIFEST = /\.(ya?ml|json)$/;
const JSONNET = /\.jsonnet$/;

async function listFiles(dir: string, base: string, recurse: boolean): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    const rel = relative(base, p);
    // Symlinked folders are not followed (loops); symlinked files are checked by resolveInside.
    if (e.isDirectory()) {
      if (recurse) out.push(...(await listFiles(p, base, recurse)));
    } else if ((e.isFile() || e.isSymbolicLink()) && (MANIFEST.test(e.name) || JSONNET.test(e.name))) {
      if (e.isSymbolicLink() && (await isDirectory(await realpath(p).catch(() => p)))) continue;
      out.push(rel);
    }
  }
  return out;
}

export class DirectoryRenderer implements Renderer {
  readonly type = 'Directory' as const;

  async render(ctx: RenderContext): Promise<SourcedObject[]> {
    const dir = ctx.source.directory ?? {};
    const include = dir.include ? compileGlob(dir.include) : () => true;
    const exclude = dir.exclude ? compileGlob(dir.exclude) : () => false;
    const files = (await listFiles(ctx.appDir, ctx.appDir, dir.recurse ?? false))
      .filter((f) => include(f) && !exclude(f))
      .sort();
    if (files.length > ctx.limits.maxFiles)
      throw limitExceeded(
        'maxFiles',
        `the path has ${files.length} manifest files, more than ${ctx.limits.maxFiles}`,
        {
          tool: 'directory',
        },
      );
    const reals: string[] = [];
    for (const f of files) {
      const repoRel = relative(ctx.repoRoot, join(ctx.appDir, f));
      const real = await resolveInside(ctx.repoRoot, repoRel, { what: 'manifest file', tool: 'directory' });
      // Sizes are counted before anything is read, so an oversized source costs no memory.
      if (!JSONNET.test(f))
        spendBytes(ctx.budget, ctx.limits, (await stat(real)).size, { tool: 'directory' });
      reals.push(real);
    }
    // YAML/JSON files are parsed on the worker thread, up to 64 in flight; Jsonnet files run one at a
    // time; objects stay in file order.
    const out: SourcedObject[] = [];
    let inFlight: Promise<SourcedObject[]>[] = [];
    const drain = async () => {
      for (const objs of await Promise.all(inFlight)) out.push(...objs);
      inFlight = [];
    };
    for (const [i, f] of files.entries()) {
      const real = reals[i] ?? '';
      if (JSONNET.test(f)) {
        await drain();
        out.push(...(await renderJsonnetFile(ctx, real)));
        continue;
      }
      const file = relative(ctx.repoRoot, join(ctx.appDir, f));
      inFlight.push(ctx.parser.parseFile(real, { file, tool: 'directory', limits: ctx.limits }));
      if (inFlight.length >= 64) await drain();
    }
    await drain();
    return out;
  }
}
