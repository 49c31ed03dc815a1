// Finds the SOPS-encrypted files a render reads: every file under the source path, the folders a
// kustomization tree visits, and Helm value files; recognised by SOPS's MAC in any of its formats.
import { open, readdir, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { resolveInside } from './safe-path.js';

/** The MAC entry every SOPS file carries: `mac: ENC[…` (YAML), `"mac": "ENC[…` (JSON), `sops_mac=ENC[…` (dotenv). */
const SOPS_MAC = /(?:\b|_)mac["']?\s*[:=]\s*["']?ENC\[AES256_GCM,/;
/** An age recipient (bech32, 58 data characters). */
const AGE_RECIPIENT = /\bage1[02-9ac-hj-np-z]{58}\b/g;
/** Files above this size are not SOPS files a render decrypts. */
const MAX_SOPS_FILE_BYTES = 4 * 1024 * 1024;

export function isSopsEncrypted(text: string): boolean {
  return text.includes('ENC[AES256_GCM,') && SOPS_MAC.test(text);
}

/** The age recipients a SOPS file was encrypted for (any format: they are stored as plain text). */
export function ageRecipients(text: string): string[] {
  return [...new Set(text.match(AGE_RECIPIENT) ?? [])];
}

export interface SopsFile {
  /** Path relative to the repository root. */
  rel: string;
  /** The encrypted text (it holds no secret: only ciphertext and metadata). */
  text: string;
}

/** The file's text, unless it is empty, larger than a SOPS file a render decrypts, or not a file. */
async function readSmall(path: string): Promise<string | undefined> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.size > MAX_SOPS_FILE_BYTES || st.size === 0) return undefined;
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/** Files (path → whether it is a symlink) under `dir`; symlinked folders are not followed. */
async function walk(dir: string, out: Map<string, boolean>, recurse: boolean): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (e) => {
      if (e.name === '.git') return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (recurse) await walk(p, out, recurse);
      } else if (e.isFile() || e.isSymbolicLink()) out.set(p, e.isSymbolicLink());
    }),
  );
}

/** The file as a SopsFile when it is one; links count only when they stay inside the repository. */
async function sopsFile(repoRoot: string, path: string, link: boolean): Promise<SopsFile | undefined> {
  const real = link ? await realpath(path).catch(() => undefined) : path;
  if (!real) return undefined;
  const rel = relative(repoRoot, real);
  if (rel.startsWith('..')) return undefined;
  const text = await readSmall(real);
  return text !== undefined && isSopsEncrypted(text) ? { rel, text } : undefined;
}

export interface SopsScope {
  /** Folders whose whole tree is read (the source path). */
  trees: readonly string[];
  /** Folders whose own files are read (kustomization bases and components). */
  folders: readonly string[];
  /** Single files, relative to the repository root (Helm value files). */
  files: readonly string[];
}

/** The SOPS files among those a render may read; links are followed only inside the repository. */
export async function findSopsFiles(repoRoot: string, scope: SopsScope): Promise<SopsFile[]> {
  const paths = new Map<string, boolean>();
  await Promise.all([
    ...scope.trees.map((t) => walk(t, paths, true)),
    ...scope.folders.map((f) => walk(f, paths, false)),
  ]);
  for (const rel of scope.files) {
    const p = await resolveInside(repoRoot, rel, { what: 'value file', tool: 'directory' }).catch(
      () => undefined,
    );
    if (p) paths.set(p, false);
  }
  const found = new Map<string, SopsFile>();
  const all = [...paths];
  // 64 files in flight at most: a large tree must not exhaust file descriptors.
  for (let i = 0; i < all.length; i += 64) {
    const files = await Promise.all(all.slice(i, i + 64).map(([p, link]) => sopsFile(repoRoot, p, link)));
    for (const f of files) if (f && !found.has(f.rel)) found.set(f.rel, f);
  }
  return [...found.values()].sort((a, b) => a.rel.localeCompare(b.rel));
}
