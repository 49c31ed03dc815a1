// A named local control plane: up (idempotent, recovers stale state), down, status.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exec, execChecked, startDaemon } from '../common/exec.js';
import { AbortError } from '../common/errors.js';
import { ensureBuilt, controlPlaneBinaries } from './build.js';
import {
  KWOK_NODE_MANIFEST,
  KWOK_POD_FAIL_STAGE,
  KWOK_STAGES,
  processSpecs,
  type Binaries,
  type ProcessSpec,
} from './components.js';
import { kwokClusterLogs, kwokPodLogLines } from './kwok-logs.js';
import { clusterPaths, isValidClusterName, type ClusterPaths } from './paths.js';
import { ensurePki, renderKubeconfig } from './pki.js';
import { freePorts } from './ports.js';
import { probe } from './probe.js';
import { isOurProcessAlive, residentBytes, stopProcess } from './processes.js';
import {
  PROCESS_ORDER,
  readState,
  writeState,
  type ClusterPorts,
  type ClusterState,
  type ProcessName,
} from './state.js';
import { waitUntil } from './wait.js';

export interface ClusterOptions {
  name: string;
  /** Progress lines (stderr in the CLI). */
  log?: (msg: string) => void;
  /** Seconds to wait for each component to become ready. */
  readyTimeoutSec?: number;
}

export interface ProcessStatus {
  name: string;
  pid: number;
  alive: boolean;
  ready: boolean;
  rssBytes: number;
}

export interface ClusterStatus {
  name: string;
  state: 'running' | 'degraded' | 'stopped';
  kubeconfig: string;
  server?: string;
  kubernetesVersion?: string;
  startedAt?: string;
  processes: ProcessStatus[];
}

function checkName(name: string): ClusterPaths {
  if (!isValidClusterName(name)) {
    throw new AbortError(`invalid cluster name "${name}"`, {
      hint: 'use lowercase letters, digits and dashes (at most 42 characters), e.g. --name dev',
    });
  }
  return clusterPaths(name);
}

/** Status of every tracked process (alive by PID + binary; ready by its health endpoint). */
export async function clusterStatus(name: string): Promise<ClusterStatus> {
  const paths = checkName(name);
  const state = readState(paths.state);
  if (!state) return { name, state: 'stopped', kubeconfig: paths.kubeconfig, processes: [] };
  const specsReady = readyUrls(state.ports);
  const processes: ProcessStatus[] = [];
  for (const pname of PROCESS_ORDER) {
    const p = state.processes[pname];
    if (!p) continue;
    const alive = isOurProcessAlive(p);
    const ready = alive && (await probe(specsReady[pname]));
    processes.push({ name: pname, pid: p.pid, alive, ready, rssBytes: alive ? residentBytes(p.pid) : 0 });
  }
  const allReady = processes.length === PROCESS_ORDER.length && processes.every((p) => p.ready);
  const anyAlive = processes.some((p) => p.alive);
  return {
    name,
    state: allReady ? 'running' : anyAlive ? 'degraded' : 'stopped',
    kubeconfig: paths.kubeconfig,
    server: `https://127.0.0.1:${state.ports.apiserver}`,
    kubernetesVersion: state.kubernetesVersion,
    startedAt: state.startedAt,
    processes,
  };
}

function readyUrls(ports: ClusterPorts): Record<ProcessName, string> {
  return {
    etcd: `http://127.0.0.1:${ports.etcdClient}/health`,
    'kube-apiserver': `https://127.0.0.1:${ports.apiserver}/readyz`,
    'kube-controller-manager': `https://127.0.0.1:${ports.controllerManager}/healthz`,
    'kube-scheduler': `https://127.0.0.1:${ports.scheduler}/healthz`,
    kwok: `http://127.0.0.1:${ports.kwok}/healthz`,
  };
}

/** Stops exactly the processes in the state file (reverse start order). With purge, deletes all state. */
export async function clusterDown(
  name: string,
  opts: { purge?: boolean; log?: (m: string) => void } = {},
): Promise<boolean> {
  const paths = checkName(name);
  const state = readState(paths.state);
  let stopped = false;
  if (state) {
    for (const pname of [...PROCESS_ORDER].reverse()) {
      const p = state.processes[pname];
      if (p && isOurProcessAlive(p)) {
        opts.log?.(`stopping ${pname} (pid ${p.pid})`);
        await stopProcess(p);
        stopped = true;
      }
    }
    rmSync(paths.state, { force: true });
  }
  // etcd data never outlives a stop: a fresh start is a fresh cluster (the PKI is kept unless purged).
  rmSync(paths.etcdData, { recursive: true, force: true });
  if (opts.purge) rmSync(paths.dir, { recursive: true, force: true });
  return stopped || state !== undefined;
}

/** Starts the cluster if it is not running; returns its status. Idempotent. */
export async function clusterUp(opts: ClusterOptions): Promise<ClusterStatus> {
  const log = opts.log ?? (() => {});
  const paths = checkName(opts.name);
  const current = await clusterStatus(opts.name);
  if (current.state === 'running') {
    log(`cluster ${opts.name} is already running`);
    return current;
  }
  if (current.processes.length > 0) {
    const dead = current.processes.filter((p) => !p.ready).map((p) => p.name);
    log(
      `cluster ${opts.name} has stale state (${dead.join(', ') || 'incomplete'} not ready): stopping what is left and starting fresh`,
    );
    await clusterDown(opts.name);
  } else {
    rmSync(paths.etcdData, { recursive: true, force: true });
  }
  const versions = await ensureBuilt(['etcd', 'kubernetes', 'kwok'], log);
  const bin = controlPlaneBinaries(versions);
  mkdirSync(paths.logs, { recursive: true });
  const pki = await ensurePki(paths.pki);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok] = await freePorts(6);
  const ports = { etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok } as ClusterPorts;
  writeFileSync(paths.kubeconfig, renderKubeconfig(opts.name, `https://127.0.0.1:${ports.apiserver}`, pki), {
    mode: 0o600,
  });
  writeKwokConfig(paths, bin);

  const state: ClusterState = {
    name: opts.name,
    kubernetesVersion: versions.kubernetes,
    ports,
    processes: {},
    startedAt: new Date().toISOString(),
  };
  const timeoutMs = (opts.readyTimeoutSec ?? 120) * 1000;
  try {
    for (const spec of processSpecs(paths, ports, pki, bin)) {
      await startAndWait(spec, paths, state, timeoutMs, log);
    }
    await registerNode(paths, bin, timeoutMs, log);
  } catch (e) {
    log(`start failed; stopping the processes this attempt started`);
    await clusterDown(opts.name);
    throw e;
  }
  log(
    `cluster ${opts.name} is ready: Kubernetes ${versions.kubernetes} at https://127.0.0.1:${ports.apiserver}`,
  );
  return clusterStatus(opts.name);
}

async function startAndWait(
  spec: ProcessSpec,
  paths: ClusterPaths,
  state: ClusterState,
  timeoutMs: number,
  log: (m: string) => void,
): Promise<void> {
  const logFile = join(paths.logs, `${spec.name}.log`);
  const started = Date.now();
  const pid = await startDaemon(spec.binary, spec.args, { logFile, cwd: paths.dir });
  const tracked = { pid, binary: spec.binary, log: logFile };
  state.processes[spec.name] = tracked;
  writeState(paths.state, state);
  try {
    await waitUntil(
      async () => {
        if (!isOurProcessAlive(tracked)) throw new AbortError(`${spec.name} exited during start`);
        return probe(spec.readyUrl);
      },
      { timeoutMs, intervalMs: 200, what: `${spec.name} at ${spec.readyUrl}` },
    );
  } catch (e) {
    const tail = readTail(logFile, 15);
    const exited = !isOurProcessAlive(tracked);
    throw new AbortError(
      `${spec.name} ${exited ? 'exited during start' : `was not ready within ${timeoutMs / 1000}s`}; its log: ${logFile}\n${tail}`,
      {
        hint: 'fix what the log says, then run `driftless local-cluster up` again (stale state is cleaned up)',
        cause: e,
      },
    );
  }
  log(`${spec.name} ready (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function writeKwokConfig(paths: ClusterPaths, bin: Binaries): void {
  const docs = KWOK_STAGES.map((s) => readFileSync(join(bin.kwokStagesDir, `${s}.yaml`), 'utf8').trim());
  mkdirSync(dirname(paths.podLog), { recursive: true });
  writeFileSync(paths.podLog, kwokPodLogLines(new Date()));
  const logs = kwokClusterLogs(paths.podLog);
  writeFileSync(paths.kwokConfig, [...docs, KWOK_POD_FAIL_STAGE.trim(), logs].join('\n---\n') + '\n');
}

/** Registers the kwok node and waits for it (and the default ServiceAccount) to be ready. */
async function registerNode(paths: ClusterPaths, bin: Binaries, timeoutMs: number, log: (m: string) => void) {
  const kc = ['--kubeconfig', paths.kubeconfig];
  await execChecked(bin.kubectl, [...kc, 'apply', '-f', '-'], {
    input: KWOK_NODE_MANIFEST,
    timeoutMs: 60_000,
  });
  await waitUntil(
    async () => {
      const r = await exec(
        bin.kubectl,
        [
          ...kc,
          'get',
          'node',
          'kwok-node-0',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.spec.taints}',
        ],
        { timeoutMs: 10_000 },
      );
      return r.exitCode === 0 && r.stdout.startsWith('True') && !r.stdout.includes('not-ready');
    },
    { timeoutMs, intervalMs: 300, what: 'node kwok-node-0 to be Ready and untainted' },
  );
  await waitUntil(
    async () =>
      (
        await exec(bin.kubectl, [...kc, '-n', 'default', 'get', 'serviceaccount', 'default'], {
          timeoutMs: 10_000,
        })
      ).exitCode === 0,
    { timeoutMs, intervalMs: 300, what: 'the default ServiceAccount' },
  );
  log('node kwok-node-0 Ready');
}

function readTail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
