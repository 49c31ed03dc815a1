// Benchmark: how fast the CLI starts, as a process: `driftless --version` and `driftless app get APP`
// against a local server, 20 runs each (median, min, max), and how long `app get` runs before its request
// reaches the network (a relay in front of the server notes each connection's first byte). Needs a cluster:
// DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME). Prints figures only.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../src/common/exec.js';
import { packageRoot } from '../src/common/package-root.js';
import type { Application } from '../src/model/index.js';
import { appBody, startApi } from '../test/e2e/api-support.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [RUNS=20] node dist/bench/cli-start.js
CLI start time as a process: "driftless --version" and "driftless app get APP" against a local
server, RUNS runs each (median, min, max); for app get also the time until its request reaches the
network, and that less the node floor (the CLI's own time). Needs a cluster:
DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME). Prints figures only.
  -h, --help  this text`;
benchArgs(USAGE, {});

const RUNS = Number(process.env.RUNS ?? 20);
const BIN = join(packageRoot(), 'bin', 'driftless.js');
const xdg = mkdtempSync(join(tmpdir(), 'driftless-cli-bench-'));
const env = { XDG_CONFIG_HOME: xdg, DRIFTLESS_SERVER: '', DRIFTLESS_AUTH_TOKEN: '' };

async function timed(args: string[], input?: string): Promise<number> {
  const t0 = performance.now();
  const r = await exec(process.execPath, [BIN, ...args], { env, ...(input ? { input } : {}) });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0) throw new Error(`driftless ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return ms;
}

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? NaN;

async function series(what: string, args: string[], before?: () => number | undefined): Promise<void> {
  const ms: number[] = [];
  const net: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    ms.push(await timed(args));
    const first = before?.();
    if (first !== undefined) net.push(first - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${what}: median ${median(ms).toFixed(0)} ms (min ${ms[0]?.toFixed(0)}, max ${ms[ms.length - 1]?.toFixed(0)}, ${RUNS} runs)` +
      (net.length
        ? `; first byte on the network after ${median(net).toFixed(0)} ms, ${(median(net) - floor).toFixed(0)} ms above the node floor`
        : ''),
  );
}

/**
 * A TCP relay to `target` that notes when the first byte of the newest connection arrived: how long a
 * command ran before it asked the server anything. Each run is a new process, hence a new connection.
 */
async function firstByteRelay(
  target: URL,
): Promise<{ host: string; first: () => number | undefined; close: () => void }> {
  let first: number | undefined;
  const server = createServer((client) => {
    let noted = false;
    client.on('data', () => {
      if (!noted) first = performance.now();
      noted = true;
    });
    const upstream = createConnection(Number(target.port), target.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    first: () => {
      const t = first;
      first = undefined;
      return t;
    },
    close: () => server.close(),
  };
}

const floor = await (async () => {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await exec(process.execPath, ['-e', '0']);
    ms.push(performance.now() - t0);
  }
  console.log(`node -e 0 (the floor): median ${median(ms).toFixed(0)} ms`);
  return median(ms);
})();
await series('driftless --version', ['--version']);

const NS = `bench-cli-${process.pid}`;
const api = await startApi({ namespace: NS, pollIntervalMs: 3_600_000 });
try {
  const base = appBody('bench-cli', 'https://example.invalid/repo.git', 'app', NS);
  // skip-reconcile: the figures are the CLI's, not the controller's.
  const body = {
    ...base,
    metadata: { ...base.metadata, annotations: { 'argocd.argoproj.io/skip-reconcile': 'true' } },
  } as Application;
  await api.admin.login('admin', api.adminPassword);
  await api.admin.createApplication(body);
  const relay = await firstByteRelay(new URL(api.url));
  const host = relay.host;
  await timed(
    ['login', host, '--plaintext', '--username', 'admin', '--password-stdin', '--name', 'bench'],
    `${api.adminPassword}\n`,
  );
  await series('driftless app get bench-cli', ['app', 'get', 'bench-cli'], relay.first);
  relay.close();
} finally {
  await api.stop();
  rmSync(xdg, { recursive: true, force: true });
}
