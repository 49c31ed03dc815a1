// `driftless server` as a separate process, the way users run it: started, stopped, or killed with SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eKubeconfig, waitFor } from './cluster.js';
import { kubectl, kubectlOk } from './kubectl.js';

const CLI = new URL('../../../src/cli/main.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the process printed so far (JSON log lines), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks run, nothing is flushed — a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
}

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
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = await waitFor(
    async () => {
      if (gone) throw new Error(`driftless server exited: ${out}`);
      return readyUrl(out);
    },
    {
      what: `driftless server (namespace ${opts.namespace}) to be ready`,
      timeoutMs: 90_000,
      intervalMs: 100,
    },
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (!gone) child.kill(sig);
    await exited;
  };
  return {
    url,
    pid: child.pid ?? -1,
    output: () => out,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
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

/**
 * The repo-server token the controller and API created in the driftless-repo-server Secret of `namespace`
 * (what the kubelet would put in the repo server's environment).
 */
export async function repoServerToken(namespace: string, timeoutMs = 60_000): Promise<string> {
  return waitFor(
    async () => {
      const r = await kubectl([
        '-n',
        namespace,
        'get',
        'secret',
        'driftless-repo-server',
        '-o',
        'jsonpath={.data.token}',
      ]);
      return r.code === 0 && r.stdout ? Buffer.from(r.stdout, 'base64').toString('utf8') : undefined;
    },
    { what: 'the driftless-repo-server Secret', timeoutMs },
  );
}

/** The admin password `driftless server` generated into argocd-initial-admin-secret of `namespace`. */
export async function initialAdminPassword(namespace: string): Promise<string> {
  const b64 = await kubectlOk([
    '-n',
    namespace,
    'get',
    'secret',
    'argocd-initial-admin-secret',
    '-o',
    'jsonpath={.data.password}',
  ]);
  return Buffer.from(b64.trim(), 'base64').toString('utf8');
}
