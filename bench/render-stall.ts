// Benchmark: API latency (p50/p99/max of GET /api/version from a second process) idle, and while a
// 50 MB / 10,000-file directory app renders (limit raised to 64M). Needs a cluster:
// DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name dev). Prints figures only.
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../src/server/api-client.js';
import { startController } from '../test/e2e/support/controller.js';
import { randomSuffix } from '../test/e2e/support/cluster.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { kubectl } from '../test/e2e/support/kubectl.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [FILES=10000] [BYTES=50000000] node dist/bench/render-stall.js
API latency (GET /api/version from a second process) idle and while a directory app of FILES files,
BYTES bytes in all, renders. Needs a cluster:
DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME). Prints figures only.
  -h, --help  this text`;
benchArgs(USAGE, {});

const FILES = Number(process.env.FILES ?? 10_000);
const BYTES = Number(process.env.BYTES ?? 50_000_000);
const NS = `bench-render-stall-${randomSuffix()}`;

const repo = new TestRepo();
const per = Math.floor(BYTES / FILES);
const filler = 'x'.repeat(Math.max(0, per - 120));
for (let i = 0; i < FILES; i++) {
  const dir = join(repo.dir, 'big', `d${i % 100}`);
  if (i < 100) await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, `cm-${i}.yaml`),
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  v: "${filler}"\n`,
  );
}
repo.commit('big');
const running = await startController({
  namespace: NS,
  pollIntervalMs: 3_600_000,
  maxManifestBytes: 64_000_000,
  maxManifestFiles: 20_000,
});
const url = running.url;
while ((await fetch(`${url}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
const client = new ApiClient(url);
await client.login('admin', await running.server.initialAdminPassword());

function drive(seconds: number, label: string): { done: Promise<unknown>; stop(): void } {
  const d = fork(
    fileURLToPath(new URL('./render-stall-driver.js', import.meta.url)),
    [url, String(seconds), label],
    {
      stdio: 'inherit',
    },
  );
  return { done: new Promise((r) => d.once('exit', r)), stop: () => void d.send('stop') };
}

await drive(5, 'idle').done;
const t0 = Date.now();
const during = drive(600, `while rendering ${FILES} files / ${(BYTES / 1e6).toFixed(0)} MB`);
await client.createApplication({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'big' },
  spec: {
    project: 'default',
    source: { repoURL: repo.url, path: 'big', targetRevision: 'HEAD', directory: { recurse: true } },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'bench-big' },
  },
} as never);
let done = '';
while (!done && Date.now() - t0 < 300_000) {
  await new Promise((r) => setTimeout(r, 500));
  const app = await client.getApplication('big').catch(() => undefined);
  if (!app) continue;
  if (app.status?.sync?.status && app.status.sync.status !== 'Unknown')
    done = `compared (${app.status.sync.status})`;
  const cond = app.status?.conditions?.find((c) => c.type === 'ComparisonError');
  if (cond) done = `ComparisonError: ${cond.message.slice(0, 120)}`;
}
console.log(`app: ${done || 'not compared in 300 s'} after ${Date.now() - t0} ms`);
during.stop();
await during.done;
await client.deleteApplication('big').catch(() => undefined);
await running.stop();
await kubectl(['delete', 'namespace', NS, '--wait=false']);
repo.cleanup();
