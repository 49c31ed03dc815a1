// Samples the command lines and environments of running processes (as `ps eww` would show them), so
// a test can prove a secret never reaches a process listing while Driftless runs git.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessSampler {
  /** Every distinct command line seen, each followed by its environment. */
  seen(): string[];
  stop(): Promise<void>;
}

async function snapshot(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const [cmd, env] = await Promise.all([
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/environ`, 'utf8').catch(() => ''),
    ]);
    if (cmd) out.push(`${cmd.split('\0').join(' ')}\n${env.split('\0').join('\n')}`);
  }
  // What `ps` itself prints, too (the listing a person would look at).
  out.push(
    await new Promise<string>((resolve) =>
      execFile('ps', ['-eww', '-o', 'pid=,args='], (_e, stdout) => resolve(stdout)),
    ),
  );
  return out;
}

export function sampleProcesses(intervalMs = 40): ProcessSampler {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const s of await snapshot()) seen.add(s);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    seen: () => [...seen],
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
