// Where a command's secrets live while it runs: a fresh 0700 directory, in memory where /dev/shm
// exists, removed right after the command (git askpass files, helm registry logins, CA files).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Memory-backed when possible, so secrets never touch a disk. */
export function secretTempRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export interface SecretDir {
  path: string;
  remove(): Promise<void>;
}

/** A new private directory for one command's secrets (mkdtemp creates it 0700). */
export async function makeSecretDir(prefix: string): Promise<SecretDir> {
  const path = await mkdtemp(join(secretTempRoot(), `driftless-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
