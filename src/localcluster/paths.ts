// Where a local cluster keeps its state, and where the built binaries live (outside the checkout).
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Root of per-cluster state: $DRIFTLESS_STATE_DIR, else $XDG_STATE_HOME/driftless, else ~/.local/state/driftless. */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DRIFTLESS_STATE_DIR) return env.DRIFTLESS_STATE_DIR;
  const xdg = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(xdg, 'driftless');
}

export { cacheRoot } from '../common/cache-root.js';

export interface ClusterPaths {
  dir: string;
  state: string;
  kubeconfig: string;
  pki: string;
  logs: string;
  etcdData: string;
  kwokConfig: string;
  /** What kwok serves as every container's log (CRI log format); tests append lines to it. */
  podLog: string;
  lock: string;
}

const NAME_RE = /^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/;

export function isValidClusterName(name: string): boolean {
  return NAME_RE.test(name);
}

/** The simulated container log of the cluster whose kubeconfig is `kubeconfig` (tests append to it). */
export function podLogBeside(kubeconfig: string): string {
  return join(dirname(kubeconfig), 'pod-logs', 'containers.log');
}

export function clusterPaths(name: string, env: NodeJS.ProcessEnv = process.env): ClusterPaths {
  const dir = join(stateRoot(env), 'clusters', name);
  return {
    dir,
    state: join(dir, 'state.json'),
    kubeconfig: join(dir, 'kubeconfig'),
    pki: join(dir, 'pki'),
    logs: join(dir, 'logs'),
    etcdData: join(dir, 'etcd'),
    kwokConfig: join(dir, 'kwok.yaml'),
    podLog: podLogBeside(join(dir, 'kubeconfig')),
    lock: join(dir, 'lock'),
  };
}
