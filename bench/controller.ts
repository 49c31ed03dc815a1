// Controller benchmarks on a real control plane; prints figures, asserts nothing.
//   MTTP: N apps × 5 resources from one commit to all Synced+Healthy, beside a plain
//         `kubectl apply --server-side` of the same objects (the floor) and the same objects applied
//         server-side by 20 concurrent appliers on keep-alive connections (the parallel floor).
//   Time in queue: p50/p99/max of the refresh and the operation queues' waits (the controller's
//         workqueue_queue_duration_seconds) during the MTTP burst and the full refresh: nothing starved;
//         and per app, from its operation shown Succeeded to Synced shown (the post-sync comparison).
//   Steady state: CPU seconds and RSS of the controller over one full refresh of every app, no change.
//   Hard refresh: every app annotated refresh=hard (re-render, every object dry-run again) → the
//         controller's CPU seconds: this process's (less the forced GCs) plus its child processes' (git,
//         render tools), the annotating kubectl left out.
//   First compare: a new controller (cold caches) over the N synced apps → every app compared once;
//         bytes per cached object = heap growth (after GC) from starting its live cache / objects cached.
//   Dry runs: server-side-diff dry-run calls in the steady-state refresh (goal 0) and in the first compare.
//   Latency: commit + refresh annotation → applied; manual edit → reverted by self-heal (p50).
// Usage: see USAGE below (node dist/bench/controller.js --help).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapAfterGc, percentile, seconds, until } from './stats.js';
import { appObjects, applyAll, measureFloors } from './controller-floors.js';
import { countCalls } from './api-calls.js';
import { profiled } from './cpu-profile.js';
import { childCpuSeconds, controlPlaneCpu, kubectlCpu } from './child-cpu.js';
import { watchAppUpdates } from './app-updates.js';
import { benchArgs, countOption } from './usage.js';
import { clusterDown, clusterUp } from '../src/localcluster/index.js';
import { silentLogger } from '../src/common/log.js';
import { ApplicationController } from '../src/controller/app-controller.js';
import { LiveCache } from '../src/kube/live-cache.js';
import { settingsObjects } from '../src/main/api-ports.js';
import { SettingsSource } from '../src/settings/settings-source.js';
import { KubeClient } from '../src/kube/client.js';
import { Discovery } from '../src/kube/discovery.js';
import { loadKubeconfig } from '../src/kube/kubeconfig.js';
import { RepoService } from '../src/render/index.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import type { KubeObject } from '../src/model/index.js';

const USAGE = `
Usage: node dist/bench/controller.js [options]
Controller benchmarks on a real control plane (prints figures, asserts nothing): N apps × 5 objects from
one commit to all Synced+Healthy beside the apiserver's floors, the API calls it took, time in queue,
steady-state and hard-refresh CPU, RSS, bytes per cached object, commit and self-heal latency.
  --apps N                 applications (default 200)
  --profile                write mttp.cpuprofile, steady-state.cpuprofile and hard-refresh.cpuprofile
  --no-floor               skip both floors (no ratios)
  --no-sequential-floor    skip the one-client kubectl floor (keep the 20-applier parallel floor)
  --no-hard-refresh        skip the hard refresh of every app
  --no-latency             skip the commit and self-heal latencies
  -h, --help               this text
BENCH_KUBECONFIG=path reuses a running cluster (names are unique per run); without it a local cluster
is started and removed.`;
const args = benchArgs(USAGE, {
  apps: { type: 'string' },
  profile: { type: 'boolean' },
  'no-floor': { type: 'boolean' },
  'no-sequential-floor': { type: 'boolean' },
  'no-hard-refresh': { type: 'boolean' },
  'no-latency': { type: 'boolean' },
});
const N = countOption('apps', args.apps, 200);
const RUN = `b${process.pid}`;
const NS = `${RUN}-argocd`;
const noFloor = args['no-floor'] === true;
const noSequentialFloor = noFloor || args['no-sequential-floor'] === true;
const noHard = args['no-hard-refresh'] === true;
const profiling = args.profile === true;
const noLatency = args['no-latency'] === true;
const clusterName = `bench-ctrl-${process.pid}`;
const shared = process.env.BENCH_KUBECONFIG;
// Without BENCH_KUBECONFIG the floors get a cluster of their own and Driftless a fresh one: neither runs
// beside the other's objects (at 10,000 apps the floor leaves 50,000 objects and 10,000 pods, which slowed
// the apiserver by half for whoever came second).
const floorCluster = `${clusterName}-floor`;
const firstCluster = shared ? undefined : await clusterUp({ name: noFloor ? clusterName : floorCluster });
let kubeconfig = shared ?? firstCluster?.kubeconfig ?? '';
/** The bench's own cluster's processes (none on a shared cluster): their CPU per phase is printed. */
let clusterProcesses = firstCluster?.processes ?? [];
const kubectl = (args: string[], input?: string) =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });

/** This run's namespaces (`namespace/<run>-…`). */
const runNamespaces = () =>
  kubectl(['get', 'namespaces', '-o', 'name'])
    .split('\n')
    .filter((n) => n.startsWith(`namespace/${RUN}-`));
/** Deletes this run's namespaces without waiting, 200 to a kubectl call. */
const deleteRunNamespaces = () => {
  const mine = runNamespaces();
  for (let i = 0; i < mine.length; i += 200) kubectl(['delete', '--wait=false', ...mine.slice(i, i + 200)]);
};

const kubectlAsync = (args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 256 * 2 ** 20 }, (e) =>
      e ? reject(e) : resolve(),
    ),
  );

function waits(ms: readonly number[]): string {
  return `p50 ${seconds(percentile(ms, 50))}, p99 ${seconds(percentile(ms, 99))}, max ${seconds(percentile(ms, 100))} (${ms.length} reconciles)`;
}

const cpuSeconds = (u: NodeJS.CpuUsage, minus: NodeJS.CpuUsage = { user: 0, system: 0 }) =>
  ((u.user + u.system - minus.user - minus.system) / 1e6).toFixed(2);
/** "total CPU s (in-process + child processes)": the controller's own process and the git/tool processes it ran. */
const cpuSplit = (u: NodeJS.CpuUsage, children: number) => {
  const own = (u.user + u.system) / 1e6;
  return `${(own + children).toFixed(2)} CPU s (${own.toFixed(2)} in process + ${children.toFixed(2)} in git and tool processes)`;
};

/** Server-side-diff dry-run calls so far (0 on builds without server-side diff). */
const dryRuns = (c: ApplicationController): number =>
  (c.ctx as { predictions?: { stats(): { dryRuns: number } } }).predictions?.stats().dryRuns ?? 0;

let client = new KubeClient(loadKubeconfig(kubeconfig));
let discovery = new Discovery(client);
const floorCpu = controlPlaneCpu(clusterProcesses);
const { floorMs, parallelFloorMs } = noFloor
  ? { floorMs: Number.NaN, parallelFloorMs: Number.NaN }
  : await measureFloors({ client, discovery, kubectl, apps: N, run: RUN, sequential: !noSequentialFloor });
if (!noFloor && !shared) console.log(`control plane during the floors: ${floorCpu.stop()}`);
if (!noFloor) {
  if (shared) {
    // A shared cluster cannot be replaced: its floor namespaces go first, and Driftless starts once they are gone.
    deleteRunNamespaces();
    await until('floor namespaces deleted', () => runNamespaces().length === 0, 60 * 60_000, 5_000);
  } else {
    client.close();
    await clusterDown(floorCluster, { purge: true });
    const fresh = await clusterUp({ name: clusterName });
    kubeconfig = fresh.kubeconfig;
    clusterProcesses = fresh.processes;
    client = new KubeClient(loadKubeconfig(kubeconfig));
    discovery = new Discovery(client);
  }
  console.log(
    `the floors' objects removed (${shared ? 'namespaces deleted' : 'a fresh cluster'}) before Driftless runs`,
  );
}

// --- Driftless ---
const repo = new TestRepo();
for (let i = 0; i < N; i++) repo.write({ [`apps/app${i}/all.yaml`]: appObjects(i, `${RUN}-dl-${i}`) });
repo.commit('bench apps');
const pollIntervalMs = 60_000;
// As runServer wires it: the cache and the settings source first, then the controller on them.
/** CPU spent in forced garbage collections for the measurement (not the controller's). */
let gcCpu: NodeJS.CpuUsage = { user: 0, system: 0 };
const newController = async (measure?: () => NodeJS.CpuUsage) => {
  const cache = new LiveCache({ client, discovery });
  await cache.start();
  await cache.synced();
  if (measure) gcCpu = measure();
  const c = new ApplicationController({
    client,
    discovery,
    cache,
    settings: new SettingsSource(settingsObjects(cache, NS)),
    repo: new RepoService({
      cacheDir: mkdtempSync(join(tmpdir(), 'bench-cache-')),
      revisionCacheTtlMs: 5_000,
    }),
    log: silentLogger,
    config: {
      namespace: NS,
      pollIntervalMs,
      concurrency: 20,
      operationConcurrency: 20,
      inClusterServer: client.connection.server,
      installCrds: true,
    },
  });
  // Renders served by the render cache, through the hook the metrics use (argocd_app_reconcile's peer).
  c.ctx.observer = {
    reconcile: () => {},
    render: (_ms, cached) => void renders[cached ? 'cached' : 'rendered']++,
  };
  return c;
};
const renders = { cached: 0, rendered: 0 };
/** Render cache hits since `from` (a copy of `renders` taken then). */
const renderHits = (from: typeof renders) => {
  const cached = renders.cached - from.cached;
  const all = cached + renders.rendered - from.rendered;
  return `render cache ${cached}/${all} hits`;
};
let controller = await newController();
await controller.start();
/** Each refresh's and each operation's time in its queue while `run` runs (the controller's own queue metrics, unrounded). */
async function queueWaits(run: () => Promise<void>): Promise<{ refresh: number[]; operation: number[] }> {
  const out = { refresh: [] as number[], operation: [] as number[] };
  const offs = [
    controller.queue.onWait((ms) => out.refresh.push(ms)),
    controller.operations.onWait((ms) => out.operation.push(ms)),
  ];
  try {
    await run();
  } finally {
    for (const off of offs) off();
  }
  return out;
}
const queued = (w: { refresh: number[]; operation: number[] }) =>
  w.operation.length > 0 ? `${waits(w.refresh)}; operations ${waits(w.operation)}` : waits(w.refresh);
const apps = Array.from({ length: N }, (_, i): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  // Tracking ids name the app: a per-run name keeps an earlier run's leftovers from being claimed (and pruned).
  metadata: { name: `${RUN}-app${i}`, namespace: NS },
  spec: {
    project: 'default',
    source: { repoURL: repo.url, path: `apps/app${i}`, targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: `${RUN}-dl-${i}` },
    // A retry policy, as production apps have: an apiserver that times out under the burst (504) would
    // otherwise leave that revision unsynced, as Argo CD's auto-sync does, and the run would never finish.
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
      retry: { limit: 5, backoff: { duration: '1s', factor: 2, maxDuration: '30s' } },
    },
  },
}));
const settle = () =>
  until(
    'queues drained',
    () =>
      controller.queue.length +
        controller.queue.inFlight +
        controller.operations.length +
        controller.operations.inFlight ===
      0,
  );
let mttpMs = 0;
const mttpRenders = { ...renders };
/** The controller's calls from the moment the Applications exist (the bench's own applies left out). */
let mttpCalls: ReturnType<typeof countCalls> | undefined;
let mttpCpu: ReturnType<typeof controlPlaneCpu> | undefined;
const appUpdates = watchAppUpdates((listener) => controller.ctx.cache.on(listener));
const mttpWaits = await queueWaits(() =>
  profiled(profiling ? 'mttp.cpuprofile' : undefined, async () => {
    const start = performance.now();
    // Created as the floors' objects are: 20 appliers on keep-alive connections.
    await applyAll(client, discovery, apps, 'bench');
    mttpCalls = countCalls(client);
    mttpCpu = controlPlaneCpu(clusterProcesses);
    const allGood = () =>
      controller.ctx.apps
        .list()
        .filter((a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy').length >=
      N;
    // Checking every app costs the bench CPU the apiserver needs: at 10,000 apps, once a second
    // (6 % of a core at every 100 ms), and the wait grows with the fleet.
    await until('all apps Synced+Healthy', allGood, Math.max(60 * 60_000, N * 720), Math.max(100, N / 10));
    mttpMs = performance.now() - start;
  }),
);
console.log(
  `driftless: ${N} Applications × 5 objects from one commit → all Synced+Healthy: ${seconds(mttpMs)}${noFloor ? '' : ` (${noSequentialFloor ? '' : `${(mttpMs / floorMs).toFixed(2)}× the floor, `}${(mttpMs / parallelFloorMs).toFixed(2)}× the parallel floor)`}`,
);
console.log(`time in queue until all Synced+Healthy: ${queued(mttpWaits)}; ${renderHits(mttpRenders)}`);
const { lags, updates, healthMessageOnly, slow } = appUpdates.stop();
console.log(
  `operation Succeeded → Synced shown: p50 ${seconds(percentile(lags, 50))}, p99 ${seconds(percentile(lags, 99))}, max ${seconds(percentile(lags, 100))} (${lags.length} apps); Application updates ${updates}, health messages only ${healthMessageOnly}`,
);
for (const line of slow) console.log(`  Synced long after Succeeded: ${line}`);
console.log(`calls until all Synced+Healthy: ${mttpCalls?.stop(N) ?? ''}`);
if (!shared) console.log(`control plane until all Synced+Healthy: ${mttpCpu?.stop() ?? ''}`);

// --- steady state: one full refresh of every app, nothing changed ---
await settle();
const cpu0 = process.cpuUsage();
const children0 = childCpuSeconds();
const dryRuns0 = dryRuns(controller);
const reconciles0 = controller.stats.reconciles;
const wall0 = performance.now();
const steadyRenders = { ...renders };
const refreshWaits = await queueWaits(() =>
  profiled(profiling ? 'steady-state.cpuprofile' : undefined, async () => {
    for (const a of controller.ctx.apps.list()) controller.queue.add(a.metadata.name);
    await until('one refresh of every app', () => controller.stats.reconciles - reconciles0 >= N);
    await settle();
  }),
);
const cpu = process.cpuUsage(cpu0);
const heap = process.memoryUsage();
console.log(
  `steady state: one refresh of ${N} apps (${N * 5} resources): ${cpuSplit(cpu, childCpuSeconds() - children0)}, ` +
    `${seconds(performance.now() - wall0)} wall; RSS ${(heap.rss / 2 ** 20).toFixed(0)} MiB, heap ${(heap.heapUsed / 2 ** 20).toFixed(0)} MiB; ` +
    `${dryRuns(controller) - dryRuns0} dry-run calls; ${renderHits(steadyRenders)}; time in queue ${queued(refreshWaits)}`,
);
// --- hard refresh: every app annotated refresh=hard (re-rendered, every object dry-run again) ---
if (!noHard) {
  const hardCpu0 = process.cpuUsage();
  const hardChildren0 = childCpuSeconds();
  let annotatorCpu = 0;
  const hardDryRuns0 = dryRuns(controller);
  const hardWall0 = performance.now();
  const hardRenders = { ...renders };
  const hardGit0 = controller.ctx.repo.stats().gitSpawns;
  const hardWaits = await queueWaits(() =>
    profiled(profiling ? 'hard-refresh.cpuprofile' : undefined, async () => {
      // Asynchronously: the controller runs in this process and must not stall while kubectl annotates.
      annotatorCpu = await kubectlCpu(kubeconfig, [
        '-n',
        NS,
        'annotate',
        'applications.argoproj.io',
        '--all',
        'argocd.argoproj.io/refresh=hard',
        '--overwrite',
      ]);
      await until(
        'every hard refresh done',
        () => !controller.ctx.apps.list().some((a) => a.metadata.annotations?.['argocd.argoproj.io/refresh']),
      );
      await settle();
    }),
  );
  const hardCpu = process.cpuUsage(hardCpu0);
  console.log(
    `hard refresh of ${N} apps: ${cpuSplit(hardCpu, childCpuSeconds() - hardChildren0 - annotatorCpu)} ` +
      `(the annotating kubectl's own ${annotatorCpu.toFixed(2)} CPU s left out), ` +
      `${seconds(performance.now() - hardWall0)} wall; ${dryRuns(controller) - hardDryRuns0} dry-run calls; ` +
      `${controller.ctx.repo.stats().gitSpawns - hardGit0} git processes; ${renderHits(hardRenders)}; time in queue ${queued(hardWaits)}`,
  );
}

// --- first compare: a new controller (no predictions, no renders cached) over the synced apps ---
await controller.stop();
await controller.ctx.cache.stop();
// The stopped controller is dropped first: the heap growth measured next is the new live cache's alone.
controller = undefined as unknown as ApplicationController;
const heap0 = heapAfterGc();
// Timed from here, as before the cache moved out of the controller: its first sync counts.
const firstCpu0 = process.cpuUsage();
const firstWall0 = performance.now();
let cacheBytes = 0;
controller = await newController(() => {
  // Bytes per cached object: the heap the live cache holds once it has listed the cluster (after GC).
  const gcCpu0 = process.cpuUsage();
  cacheBytes = heapAfterGc() - heap0;
  return process.cpuUsage(gcCpu0);
});
await controller.start();
await until('every app compared once', () => controller.stats.reconciles >= N);
await settle();
const firstCpu = process.cpuUsage(firstCpu0);
const inSync = controller.ctx.apps.list().filter((a) => a.status?.sync?.status === 'Synced').length;
console.log(
  `first compare: new controller over ${N} apps × 5 objects → every app compared: ${seconds(performance.now() - firstWall0)} wall, ` +
    `${cpuSeconds(firstCpu, gcCpu)} CPU s; ${dryRuns(controller)} dry-run calls; ${inSync} Synced`,
);
const cache = controller.ctx.cache.stats();
console.log(
  `live cache: ${cache.objects} objects; ${(cacheBytes / cache.objects).toFixed(0)} bytes of heap per cached object ` +
    `(heap growth after GC from before the cache started to its first full list, / objects cached), ` +
    `${(cache.approxBytes / cache.objects).toFixed(0)} bytes of JSON per object as cached (trimmed)`,
);

// --- latency: commit + refresh annotation → applied ---
const latencies: number[] = [];
/** Dry-run calls from the commit to the apply (the compare's; a pre-flight repeating them would add more). */
const commitDryRuns: number[] = [];
for (let k = 0; k < (noLatency ? 0 : 5); k++) {
  repo
    .write({ 'apps/app0/all.yaml': appObjects(0, `${RUN}-dl-0`, k % 2 === 0 ? 2 : 1) })
    .commit(`scale ${k}`);
  const want = k % 2 === 0 ? 2 : 1;
  const dryRunsBefore = dryRuns(controller);
  const t = performance.now();
  // kubectl runs asynchronously and the result is read from the controller's watch cache: nothing
  // stalls the controller (it runs in this process) while the clock runs.
  await kubectlAsync([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    `${RUN}-app0`,
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  await until('commit applied', () => {
    const d = controller.ctx.cache.get({
      group: 'apps',
      kind: 'Deployment',
      namespace: `${RUN}-dl-0`,
      name: 'app0',
    });
    return (d?.spec as { replicas?: number } | undefined)?.replicas === want;
  });
  commitDryRuns.push(dryRuns(controller) - dryRunsBefore);
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
if (!noLatency)
  console.log(
    `latency commit + refresh → applied: p50 ${seconds(latencies[2] ?? 0)} (5 runs, min ${seconds(latencies[0] ?? 0)}; dry-run calls until applied: ${commitDryRuns.join(', ')})`,
  );

const heal: number[] = [];
// Timed on the controller's own watch cache (drift seen → revert seen), with kubectl run
// asynchronously so that neither the controller nor the clock waits on the kubectl process.
const healOnce = (ns: string, name: string): Promise<number> =>
  new Promise((resolve) => {
    let drifted: number | undefined;
    const off = controller.ctx.cache.on((_type, obj) => {
      if (obj.kind !== 'Deployment' || obj.metadata.namespace !== ns || obj.metadata.name !== name) return;
      const replicas = (obj as { spec?: { replicas?: number } }).spec?.replicas;
      if (replicas === 3 && drifted === undefined) drifted = performance.now();
      else if (replicas === 1 && drifted !== undefined) {
        off();
        resolve(performance.now() - drifted);
      }
    });
  });
for (let k = 0; k < (noLatency ? 0 : 10); k++) {
  const i = 1 + k;
  const healed = healOnce(`${RUN}-dl-${i}`, `app${i}`);
  await kubectlAsync(['-n', `${RUN}-dl-${i}`, 'scale', 'deployment', `app${i}`, '--replicas=3']);
  heal.push(await healed);
}
heal.sort((a, b) => a - b);
if (!noLatency)
  console.log(
    `latency manual edit → reverted by self-heal: p50 ${seconds(heal[5] ?? 0)} (10 runs, max ${seconds(heal[9] ?? 0)}; drift seen → revert seen in the watch cache)`,
  );

await controller.stop();
await controller.ctx.cache.stop();
// On a shared cluster the run's namespaces go in the background (it keeps serving others meanwhile); the
// bench's own cluster is removed whole (deleting 10,000 namespaces one batch at a time took 25 minutes).
if (shared) deleteRunNamespaces();
client.close();
repo.cleanup();
if (!shared) await clusterDown(clusterName, { purge: true });
