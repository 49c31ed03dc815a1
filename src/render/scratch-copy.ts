// A private copy of a checkout for tools that edit files (`kustomize edit`, `helm dependency build`):
// files are hard links, so nothing is copied byte by byte, except the ones a tool may rewrite in
// place, which are real copies. The shared checkout is never changed.
import { copyFile, link, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface ScratchCopyOptions {
  /** Paths (relative to the root) a tool may rewrite in place: these get their own bytes. */
  writable: (rel: string) => boolean;
}

export async function scratchCopy(src: string, dest: string, opts: ScratchCopyOptions): Promise<void> {
  await copyDir(src, src, dest, opts);
}

async function copyDir(root: string, dir: string, destRoot: string, opts: ScratchCopyOptions): Promise<void> {
  const target = join(destRoot, relative(root, dir));
  await mkdir(target, { recursive: true });
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (e) => {
      const from = join(dir, e.name);
      const to = join(target, e.name);
      const rel = relative(root, from);
      if (e.isDirectory()) return copyDir(root, from, destRoot, opts);
      if (e.isSymbolicLink()) {
        // Links are kept as links (the checkout was already checked for links that leave it),
        // unless a tool may write through one: then it becomes a file of its own.
        if (opts.writable(rel)) return copyFile(from, to);
        return symlink(await readlink(from), to);
      }
      if (!e.isFile()) return undefined;
      if (opts.writable(rel)) return copyFile(from, to);
      // Another file system (or no hard links allowed): copy instead.
      return link(from, to).catch(() => copyFile(from, to));
    }),
  );
}
