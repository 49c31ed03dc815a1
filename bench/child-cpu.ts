// CPU of a benchmark's child processes (git, render tools) on Linux, read from /proc/self/stat, and a
// kubectl run whose own CPU is reported so a figure can leave the bench's driver out of the controller's.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds of the children this process has waited for (cutime + cstime); NaN off Linux. */
export function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * Runs kubectl through bash, whose `times` reports its own and its children's CPU; resolves with both
 * (what this process's child CPU grows by when bash is waited for).
 */
export function kubectlCpu(kubeconfig: string, args: readonly string[]): Promise<number> {
  const script = 'kubectl "$@" >/dev/null || exit $?; times';
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      ['-c', script, 'bash', '--kubeconfig', kubeconfig, ...args],
      { maxBuffer: 16 * 2 ** 20 },
      (e, stdout) => {
        if (e) return reject(e);
        // `times`: the shell's user and system time, then its children's, each as "0m1.234s 0m0.120s".
        let total = 0;
        for (const m of stdout.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m[1]) * 60 + Number(m[2]);
        resolve(total);
      },
    ),
  );
}

/** CPU seconds (utime + stime) a process has used so far, by pid; NaN if it is gone or off Linux. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts measuring the CPU of a local cluster's processes (apiserver, etcd, controller-manager, scheduler,
 * kwok); `stop()` says what each used since, and the sum: on 2 cores the apiserver's CPU per app is what
 * separates a controller's convergence from the floor's.
 */
export function controlPlaneCpu(processes: readonly { name: string; pid: number }[]): { stop(): string } {
  const start = processes.map((p) => processCpuSeconds(p.pid));
  return {
    stop() {
      const used = processes.map((p, i) => ({ name: p.name, s: processCpuSeconds(p.pid) - (start[i] ?? 0) }));
      const total = used.reduce((a, u) => a + u.s, 0);
      return `${total.toFixed(1)} CPU s (${used.map((u) => `${u.name} ${u.s.toFixed(1)}`).join(', ')})`;
    },
  };
}
