// The state file of a local cluster: which processes we started (by PID), on which ports.
import { existsSync, readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type ProcessName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

/** Start order; stop in reverse. */
export const PROCESS_ORDER: readonly ProcessName[] = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
];

export interface ClusterPorts {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
}

export interface TrackedProcess {
  pid: number;
  /** Absolute path of the binary: checked against /proc/PID/cmdline so a reused PID is never killed. */
  binary: string;
  log: string;
}

export interface ClusterState {
  name: string;
  kubernetesVersion: string;
  ports: ClusterPorts;
  processes: Partial<Record<ProcessName, TrackedProcess>>;
  startedAt: string;
}

export function readState(path: string): ClusterState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ClusterState;
    if (typeof parsed.name !== 'string' || typeof parsed.processes !== 'object' || !parsed.ports)
      return undefined;
    return parsed;
  } catch {
    return undefined; // a torn or foreign file is treated as no state; the caller recovers
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a state file. */
export function writeState(path: string, state: ClusterState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
