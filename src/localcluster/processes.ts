// Our processes, identified by PID *and* binary, so we only ever signal what we started.
import { readFileSync } from 'node:fs';
import type { TrackedProcess } from './state.js';

/** The argv of a running process, or undefined if it is gone. */
function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** True when PID is alive and still runs the binary we started (not a reused PID). */
export function isOurProcessAlive(p: TrackedProcess): boolean {
  const argv = cmdline(p.pid);
  return argv !== undefined && argv[0] === p.binary && !isZombie(p.pid);
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Stops one tracked process: SIGTERM, then SIGKILL after the grace period. */
export async function stopProcess(p: TrackedProcess, graceMs = 10_000): Promise<void> {
  if (!isOurProcessAlive(p)) return;
  signal(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcessAlive(p)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (isOurProcessAlive(p)) signal(p.pid, 'SIGKILL');
}

/** Resident memory of a process in bytes (VmRSS), 0 if unknown. */
export function residentBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
