// Keeps every path a source names inside its repository checkout: no `..`, no absolute paths,
// no symlink that resolves outside the checkout.
import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RenderError, type RenderTool } from './errors.js';

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function escape(what: string, tool: RenderTool, detail: string): RenderError {
  return new RenderError(`${what} ${detail}`, {
    reason: 'PathEscape',
    tool,
    hint: 'paths in a source must stay inside the repository (no "..", absolute paths or symlinks leading out)',
  });
}

/**
 * Resolves `rel` (a path from the source) against the checkout root and proves the result, after
 * following symlinks, is inside the root. Returns the real absolute path.
 */
export async function resolveInside(
  root: string,
  rel: string,
  opts: { what: string; tool: RenderTool; mustExist?: boolean },
): Promise<string> {
  const cleaned = rel.trim() === '' || rel === '.' ? '.' : rel;
  if (isAbsolute(cleaned))
    throw escape(`${opts.what} ${JSON.stringify(rel)}`, opts.tool, 'is an absolute path');
  const realRoot = await realpath(root);
  const joined = resolve(realRoot, cleaned);
  if (!isInside(realRoot, joined))
    throw escape(`${opts.what} ${JSON.stringify(rel)}`, opts.tool, 'leaves the repository');
  let real: string;
  try {
    real = await realpath(joined);
  } catch {
    if (opts.mustExist === false) return joined;
    throw new RenderError(`${opts.what} ${JSON.stringify(rel)} does not exist in the repository`, {
      reason: 'PathNotFound',
      tool: opts.tool,
      hint: 'check the path in the Application source and the revision it points at',
    });
  }
  if (!isInside(realRoot, real)) {
    throw escape(
      `${opts.what} ${JSON.stringify(rel)}`,
      opts.tool,
      'is a symlink that leads outside the repository',
    );
  }
  return real;
}

/**
 * Walks `dir` and fails on any symlink whose target is outside `root`: tools (helm, kustomize,
 * jsonnet) follow symlinks on their own, so the whole tree they read must be checked first.
 */
export async function assertNoEscapingSymlinks(root: string, dir: string, tool: RenderTool): Promise<void> {
  const realRoot = await realpath(root);
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    if (!e.isSymbolicLink()) continue;
    const p = join(e.parentPath, e.name);
    const target = await readlink(p);
    const abs = resolve(dirname(p), target);
    let real = abs;
    try {
      real = await realpath(abs);
    } catch {
      // A dangling link is harmless unless its literal target is outside.
    }
    if (!isInside(realRoot, abs) || !isInside(realRoot, real)) {
      const relPath = relative(realRoot, p);
      throw new RenderError(`symlink ${relPath} points outside the repository`, {
        reason: 'PathEscape',
        tool,
        file: relPath,
        hint: 'remove the symlink or make it point inside the repository',
      });
    }
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  return lstat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
