// Finds the SOPS-encrypted files a render reads: every file under the source path, the folders a
// kustomization tree visits, and Helm value files; recognised by SOPS's MAC in any of its formats.
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isDirectory, resolveInside } from './safe-path.js';

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

async function readSmall(path: string): Promise<string | undefined> {
  const st = await stat(path).catch(() => undefined);
  if (!st?.isFile() || st.size > MAX_SOPS_FILE_BYTES || st.size === 0) return undefined;
  const fh = await open(path, 'r');
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

async function walk(dir: string, out: Set<string>, recurse: boolean): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.name === '.git') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (recurse) await walk(p, out, recurse);
    } else if (e.isFile() || e.isSymbolicLink()) out.add(p);
  }
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
  const paths = new Set<string>();
  for (const t of scope.trees) await walk(t, paths, true);
  for (const f of scope.folders) await walk(f, paths, false);
  for (const rel of scope.files) {
    const p = await resolveInside(repoRoot, rel, { what: 'value file', tool: 'directory' }).catch(
      () => undefined,
    );
    if (p) paths.add(p);
  }
  const found = new Map<string, SopsFile>();
  for (const p of [...paths].sort()) {
    const real = await realpath(p).catch(() => undefined);
    if (!real || (await isDirectory(real))) continue;
    const rel = relative(repoRoot, real);
    if (rel.startsWith('..') || found.has(rel)) continue;
    const text = await readSmall(real);
    if (text !== undefined && isSopsEncrypted(text)) found.set(rel, { rel, text });
  }
  return [...found.values()];
}
