// Benchmark: how fast the CLI starts, as a process: `driftless --version` and `driftless app get APP`
// against a local server, 20 runs each (median, min, max). Needs a cluster for the server:
// DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME). Prints figures only.
import { mkdtempSync, rmSync } from 'node:fs';
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
server, RUNS runs each (median, min, max). Needs a cluster:
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

async function series(what: string, args: string[]): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push(await timed(args));
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)] ?? NaN;
  console.log(
    `${what}: median ${median.toFixed(0)} ms (min ${ms[0]?.toFixed(0)}, max ${ms[ms.length - 1]?.toFixed(0)}, ${RUNS} runs)`,
  );
}

{
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await exec(process.execPath, ['-e', '0']);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`node -e 0 (the floor): median ${(ms[Math.floor(ms.length / 2)] ?? NaN).toFixed(0)} ms`);
}
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
  const host = api.url.replace('http://', '');
  await timed(
    ['login', host, '--plaintext', '--username', 'admin', '--password-stdin', '--name', 'bench'],
    `${api.adminPassword}\n`,
  );
  await series('driftless app get bench-cli', ['app', 'get', 'bench-cli']);
} finally {
  await api.stop();
  rmSync(xdg, { recursive: true, force: true });
}
