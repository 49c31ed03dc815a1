// `driftless server` as a separate process, the way users run it: started, stopped, or killed with SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eKubeconfig, waitFor } from './cluster.js';
import { kubectl } from './kubectl.js';

const CLI = new URL('../../../src/cli/main.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process printed so far (JSON log lines), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks run, nothing is flushed — a crash. */
  kill(): Promise<void>;
  /**
   * SIGTERM and wait for exit, as a kubelet stops a pod. Rejects (after a SIGKILL) when the process did
   * not exit within the grace period, and when it exited with anything but 0.
   */
  stop(): Promise<void>;
}

/** What Kubernetes grants a pod between SIGTERM and SIGKILL (terminationGracePeriodSeconds). */
const GRACE_MS = 30_000;

export async function startServerProcess(opts: {
  namespace: string;
  pollIntervalSeconds?: number;
  /** Default: the suite's admin kubeconfig; null: no --kubeconfig (the repo-server component). */
  kubeconfig?: string | null;
  /** Default: 0 (any free port). */
  port?: number;
  /** Default: a fresh temporary folder. */
  cacheDir?: string;
  /** Default: `--insecure --install-crds` (plain HTTP; the suite's CRDs applied at start). */
  extraArgs?: string[];
  env?: Record<string, string>;
  /** Node's own options before the CLI (e.g. `--cpu-prof` for a benchmark). */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      CLI,
      'server',
      ...(opts.extraArgs ?? ['--insecure', '--install-crds']),
      ...(opts.kubeconfig === null ? [] : ['--kubeconfig', opts.kubeconfig ?? e2eKubeconfig()]),
      '--namespace',
      opts.namespace,
      '--port',
      String(opts.port ?? 0),
      '--poll-interval',
      String(opts.pollIntervalSeconds ?? 2),
      '--log-format',
      'json',
      '--log-level',
      process.env.DRIFTLESS_E2E_LOG ? 'debug' : 'info',
      '--cache-dir',
      opts.cacheDir ?? mkdtempSync(join(tmpdir(), 'driftless-e2e-proc-')),
      '--staticassets',
      '/nonexistent',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DRIFTLESS_SERVER: '', ...opts.env } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // close, not exit: the output is complete once the process has gone.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const tail = () => out.split('\n').slice(-20).join('\n');
  // A process that exits ends the wait at once (a thrown error would only be retried until the deadline).
  const ready = await waitFor(async () => (gone ? { exited: true } : readyUrl(out)), {
    what: `driftless server (namespace ${opts.namespace}) to be ready`,
    timeoutMs: 90_000,
    intervalMs: 100,
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    // What it printed tells why it never became ready.
    throw new Error(`${(e as Error).message}; its last output:\n${tail()}`, { cause: e });
  });
  if (typeof ready !== 'string') throw new Error(`driftless server exited: ${out}`);
  const url = ready;
  const stop = async () => {
    if (gone) return;
    child.kill('SIGTERM');
    const end = await waitFor(async () => (gone ? exited : undefined), {
      what: `driftless server (namespace ${opts.namespace}) to exit after SIGTERM`,
      timeoutMs: GRACE_MS,
      intervalMs: 50,
    }).catch(async (e: unknown) => {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${(e as Error).message}; its last output:\n${tail()}`, { cause: e });
    });
    if (end.code !== 0)
      throw new Error(
        `driftless server exited with ${end.code ?? end.signal} after SIGTERM (expected 0); its last output:\n${tail()}`,
      );
  };
  return {
    url,
    pid: child.pid ?? -1,
    output: () => out,
    kill: async () => {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}

/** The `url` field of the "driftless server ready" log line, once printed. */
function readyUrl(out: string): string | undefined {
  for (const line of out.split('\n')) {
    if (!line.includes('driftless server ready')) continue;
    const fields = JSON.parse(line) as { url?: string };
    if (fields.url) return fields.url;
  }
  return undefined;
}

/** A key of a Secret in `namespace`, decoded, once it is there (the server writes these as it starts). */
export async function secretValue(
  namespace: string,
  name: string,
  key: string,
  timeoutMs = 60_000,
): Promise<string> {
  return waitFor(
    async () => {
      const path = `jsonpath={.data.${key.replace(/\./g, '\\.')}}`;
      const r = await kubectl(['-n', namespace, 'get', 'secret', name, '-o', path]);
      return r.code === 0 && r.stdout.trim()
        ? Buffer.from(r.stdout.trim(), 'base64').toString('utf8')
        : undefined;
    },
    { what: `${key} in Secret ${namespace}/${name}`, timeoutMs },
  );
}

/**
 * The repo-server token the controller and API created in the driftless-repo-server Secret of `namespace`
 * (what the kubelet would put in the repo server's environment).
 */
export const repoServerToken = (namespace: string, timeoutMs?: number): Promise<string> =>
  secretValue(namespace, 'driftless-repo-server', 'token', timeoutMs);

/** The admin password `driftless server` generated into argocd-initial-admin-secret of `namespace`. */
export const initialAdminPassword = (namespace: string): Promise<string> =>
  secretValue(namespace, 'argocd-initial-admin-secret', 'password');
