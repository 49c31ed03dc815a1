// Benchmark: API latency and throughput with APPS apps (default 1,000), driven by bench/api-driver.ts from a
// second process, twice: quiet (skip-reconcile, the figures before session 5) and while every app reconciles
// (directory sources in a local Git repo, automated sync, a commit changing a tenth of the apps every
// COMMIT_MS and a repo poll every RECONCILE_MS). Prints figures with the load average; asserts nothing.
// Needs a cluster of its own: DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME).
// PHASES=quiet skips the reconciling phase, PHASES=reconciling the quiet one (e.g. APPS=10000 CLIENTS=10); UI_BENCH=1 also times the UI's first
// paint against this server after the quiet phase (`npm --prefix ui run build` first); UI_BENCH=dir1,dir2 does
// so for each of these built ui/ folders (an A/B of two checkouts' UIs on one server). PROFILE=file.cpuprofile
// CPU-profiles the API's process (COMPONENTS=all: during the reconciling measurement). COMPONENTS=split (the
// default) runs the API as its own `driftless server --component=server` process beside the application
// controller, as the install manifests and Argo CD run them; COMPONENTS=all runs both in one process.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPLICATION_RESOURCE } from '../src/controller/context.js';
import { KubeClient } from '../src/kube/client.js';
import { loadKubeconfig } from '../src/kube/kubeconfig.js';
import { ANNOTATION_SKIP_RECONCILE } from '../src/model/index.js';
import { exec } from '../src/common/exec.js';
import { commitRevision } from './api-repo.js';
import { profiled } from './cpu-profile.js';
import { packageRoot } from '../src/common/package-root.js';
import { ApiClient } from '../src/server/api-client.js';
import { e2eKubeconfig, waitFor } from '../test/e2e/support/cluster.js';
import { startController } from '../test/e2e/support/controller.js';
import { initialAdminPassword, startServerProcess } from '../test/e2e/support/server-process.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { kubectl } from '../test/e2e/support/kubectl.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [ENV=…] node dist/bench/api.js
API latency and throughput with APPS apps, quiet and while every app reconciles; prints figures.
Needs a cluster of its own: DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name NAME).
  APPS=1000            applications
  CLIENTS=…            concurrent API clients of the driver (bench/api-driver.ts)
  PHASES=quiet,reconciling   the phases to run
  RECONCILE_MS=10000   repository poll interval of the reconciling phase
  COMMIT_MS=5000       a commit changing a tenth of the apps this often
  UI_BENCH=1|dir,dir   time the UI's first paint (ui/, or each built ui folder named)
  COMPONENTS=split     split: the API in its own process (--component=server); all: API and controller in one
  PROFILE=file         CPU-profile the API's process (split: its whole life; all: the reconciling measurement)
  -h, --help  this text`;
benchArgs(USAGE, {});

const APPS = Number(process.env.APPS ?? 1000);
const RECONCILE_MS = Number(process.env.RECONCILE_MS ?? 10_000);
const COMMIT_MS = Number(process.env.COMMIT_MS ?? 5_000);
const PHASES = (process.env.PHASES ?? 'quiet,reconciling').split(',');
const SPLIT = (process.env.COMPONENTS ?? 'split') === 'split';
const PROFILE = process.env.PROFILE;
const NS = 'bench-api';
const DEST = 'bench-api-dest';
const load = () => `load ${loadavg()[0]?.toFixed(1)}`;

const names = Array.from({ length: APPS }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
const repo = new TestRepo();
commitRevision(repo, names, 0);

await kubectl(['delete', 'namespace', NS, DEST, '--wait=true', '--timeout=300s'], { timeoutMs: 320_000 });
await kubectl(['create', 'namespace', DEST]);
const running = await startController({
  namespace: NS,
  pollIntervalMs: RECONCILE_MS,
  ...(SPLIT ? { component: 'application-controller' as const } : {}),
});
// split: the API in a process of its own, started as users start it.
const api = SPLIT
  ? await startServerProcess({
      namespace: NS,
      pollIntervalSeconds: RECONCILE_MS / 1000,
      extraArgs: ['--insecure', '--component', 'server'],
      ...(PROFILE
        ? {
            nodeArgs: [
              '--cpu-prof',
              `--cpu-prof-dir=${dirname(PROFILE)}`,
              `--cpu-prof-name=${basename(PROFILE)}`,
            ],
          }
        : {}),
    })
  : undefined;
const url = api?.url ?? running.url;
console.log(
  SPLIT
    ? `components: the API in its own process (pid ${api?.pid}), the application controller in this one`
    : 'components: API and controller in this one process',
);
const kube = new KubeClient(loadKubeconfig(e2eKubeconfig()));
const t0 = Date.now();
for (let i = 0; i < names.length; i += 25) {
  await Promise.all(
    names.slice(i, i + 25).map((name, j) =>
      kube.create(APPLICATION_RESOURCE, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        // Quiet phase first: skip-reconcile until the reconciling phase removes it.
        metadata: {
          name,
          namespace: NS,
          annotations: { [ANNOTATION_SKIP_RECONCILE]: 'true' },
          labels: { team: `t${(i + j) % 7}` },
        },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, path: `apps/${name}`, targetRevision: 'main' },
          destination: { server: 'https://kubernetes.default.svc', namespace: DEST },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      }),
    ),
  );
}
const client = new ApiClient(url);
await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, { what: 'API ready' });
const password = SPLIT ? await initialAdminPassword(NS) : await running.server.initialAdminPassword();
await client.login('admin', password);
await waitFor(async () => (await client.listApplications()).items.length >= APPS, {
  what: `${APPS} apps listed`,
  timeoutMs: 600_000,
});
console.log(`created ${APPS} apps in ${Date.now() - t0} ms (as listed by the API)`);

function drive(mode: 'quiet' | 'reconciling'): Promise<void> {
  const driver = fork(
    fileURLToPath(new URL('./api-driver.js', import.meta.url)),
    [mode, url, client.token ?? '', names.join(',')],
    { stdio: 'inherit' },
  );
  return new Promise((r) => driver.once('exit', () => r()));
}

if (PHASES.includes('quiet')) {
  console.log(`--- quiet: ${APPS} apps with skip-reconcile (${load()})`);
  await drive('quiet');
}
// UI_BENCH=1: this checkout's ui/; or a comma-separated list of ui/ folders (built) to compare on one server.
for (const dir of process.env.UI_BENCH === '1' ? ['ui'] : (process.env.UI_BENCH?.split(',') ?? [])) {
  const ui = await exec(
    'npm',
    ['--prefix', dir, 'run', 'bench', '--', '--api', url, '--apps', String(APPS)],
    {
      cwd: packageRoot(),
      env: { DRIFTLESS_BENCH_PASSWORD: password },
      redact: [password],
      timeoutMs: 900_000,
    },
  );
  console.log(
    `[${dir}] ${ui.stdout.trim()}${ui.exitCode === 0 ? '' : `\nui bench failed: ${ui.stderr}`} (${load()})`,
  );
}
if (PHASES.includes('reconciling')) await reconciling();

client.close();
await api?.stop();
if (api && PROFILE) console.log(`wrote ${PROFILE} (the API process's whole life; open in Chrome DevTools)`);
await running.stop();
kube.close();
repo.cleanup();
await kubectl(['delete', 'namespace', NS, DEST, '--wait=false']);

/** Every app reconciles (skip-reconcile removed), then the list load runs while commits land. */
async function reconciling(): Promise<void> {
  console.log(`--- reconciling: ${APPS} apps from a local Git repo, automated sync (${load()})`);
  const t1 = Date.now();
  for (let i = 0; i < names.length; i += 25)
    await Promise.all(
      names
        .slice(i, i + 25)
        .map((name) =>
          kube.patch(
            APPLICATION_RESOURCE,
            name,
            { metadata: { annotations: { [ANNOTATION_SKIP_RECONCILE]: null } } },
            { namespace: NS, type: 'merge' },
          ),
        ),
    );
  const fields = ['items.metadata.name', 'items.status.sync.status', 'items.status.health.status'];
  const synced = async () =>
    (await client.listApplications({ fields })).items.filter(
      (a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy',
    ).length;
  await waitFor(async () => (await synced()) >= APPS, {
    what: `${APPS} apps Synced+Healthy`,
    timeoutMs: 1_800_000,
    intervalMs: 2_000,
  });
  console.log(
    `all ${APPS} apps Synced+Healthy ${Date.now() - t1} ms after skip-reconcile was removed (${load()})`,
  );

  // While the driver measures: a commit changing a tenth of the apps every COMMIT_MS, from another process (the
  // server shares this one: writing 100 files and running git here stalled its requests, which users never see).
  let commits = 0;
  const committer = fork(
    fileURLToPath(new URL('./api-committer.js', import.meta.url)),
    [repo.dir, String(COMMIT_MS), names.join(',')],
    { stdio: 'inherit' },
  );
  committer.on('message', (m: { commits: number }) => (commits = m.commits));
  const reconciles0 = running.stats.reconciles;
  const t2 = Date.now();
  // How long this process's event loop (the controller's; all: shared with the API) kept its work waiting.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  await profiled(SPLIT ? undefined : PROFILE, () => drive('reconciling'));
  loopDelay.disable();
  committer.disconnect();
  const sec = (Date.now() - t2) / 1000;
  const ms = (ns: number) => `${(ns / 1e6).toFixed(0)} ms`;
  console.log(
    `during the measurement (${sec.toFixed(0)} s): ${commits} commits (${APPS / 10} apps each), ` +
      `${running.stats.reconciles - reconciles0} reconciles (${((running.stats.reconciles - reconciles0) / sec).toFixed(0)}/s), ` +
      `${(await synced()).toString()} of ${APPS} Synced+Healthy at the end; ${SPLIT ? 'controller' : 'server'} event-loop delay ` +
      `p50 ${ms(loopDelay.percentile(50))}, p99 ${ms(loopDelay.percentile(99))}, max ${ms(loopDelay.max)} (${load()})`,
  );
}
