// Controller benchmarks on a real control plane; prints figures, asserts nothing.
//   MTTP: N apps × 5 resources from one commit to all Synced+Healthy, beside a plain
//         `kubectl apply --server-side` of the same objects (the floor) and the same objects applied
//         server-side by 20 concurrent appliers on keep-alive connections (the parallel floor).
//   Steady state: CPU seconds and RSS of the controller over one full refresh of every app, no change.
//   First compare: a new controller (cold caches) over the N synced apps → every app compared once.
//   Dry runs: server-side-diff dry-run calls in the steady-state refresh (goal 0) and in the first compare.
//   Latency: commit + refresh annotation → applied; manual edit → reverted by self-heal (p50).
// Usage: node dist/bench/controller.js [--apps N] [--profile] [--no-floor] [--no-latency]
//   (BENCH_KUBECONFIG reuses a running cluster; names are unique per run, so runs may share one)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
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
import { parseAllDocuments } from 'yaml';
import { splitApiVersion, type KubeObject } from '../src/model/index.js';

const argN = process.argv.indexOf('--apps');
const N = argN > 0 ? Number(process.argv[argN + 1]) : 200;
const RUN = `b${process.pid}`;
const NS = `${RUN}-argocd`;
const noFloor = process.argv.includes('--no-floor');
const noLatency = process.argv.includes('--no-latency');
const clusterName = `bench-ctrl-${process.pid}`;
const kubeconfig = process.env.BENCH_KUBECONFIG ?? (await clusterUp({ name: clusterName })).kubeconfig;
const kubectl = (args: string[], input?: string) =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });

function appObjects(i: number, ns: string, replicas = 1): string {
  const name = `app${i}`;
  return [
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-config, namespace: ${ns}}\ndata: {a: "1"}`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-extra, namespace: ${ns}}\ndata: {b: "2"}`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}`,
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: web, image: "nginx:1.27"}]}`,
  ].join('\n---\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30 * 60_000,
): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return performance.now() - t0;
}

/** Server-side-diff dry-run calls so far (0 on builds without server-side diff). */
const dryRuns = (c: ApplicationController): number =>
  (c.ctx as { predictions?: { stats(): { dryRuns: number } } }).predictions?.stats().dryRuns ?? 0;

// --- floor: kubectl apply --server-side of the same objects ---
const floorDir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
let floorMs = Number.NaN;
let t0 = performance.now();
if (!noFloor) {
  const floorDocs: string[] = [];
  for (let i = 0; i < N; i++)
    floorDocs.push(
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${RUN}-floor-${i}}`,
      appObjects(i, `${RUN}-floor-${i}`),
    );
  writeFileSync(join(floorDir, 'all.yaml'), floorDocs.join('\n---\n'));
  kubectl(['apply', '--server-side', '-f', join(floorDir, 'all.yaml')]);
  await until('floor deployments available', () => availableIn(`${RUN}-floor-`) >= N);
  floorMs = performance.now() - t0;
  console.log(
    `floor: kubectl apply --server-side of ${N} apps × 5 objects → all Available: ${seconds(floorMs)}`,
  );
}

const connection = loadKubeconfig(kubeconfig);
const client = new KubeClient(connection);
const discovery = new Discovery(client);

/** Deployments of this run in namespaces starting with `prefix` that are Available. */
function availableIn(prefix: string): number {
  const out = kubectl([
    'get',
    'deployments',
    '-A',
    '-o',
    'jsonpath={range .items[*]}{.metadata.namespace} {.status.availableReplicas}{"\\n"}{end}',
  ]);
  return out.split('\n').filter((l) => l.startsWith(prefix) && l.endsWith(' 1')).length;
}

// --- parallel floor: the same objects, server-side applied by 20 appliers on keep-alive connections ---
const APPLIERS = 20;
let parallelFloorMs = Number.NaN;
if (!noFloor) {
  const prefix = `${RUN}-pfloor-`;
  const objects = Array.from({ length: N }, (_, i) =>
    parseAllDocuments(appObjects(i, `${prefix}${i}`)).map((d) => d.toJS() as KubeObject),
  ).flat();
  const namespaces = Array.from({ length: N }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `${prefix}${i}` },
  }));
  t0 = performance.now();
  const applyAll = async (objs: KubeObject[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: APPLIERS }, async () => {
        for (let o = objs[next++]; o; o = objs[next++]) {
          const { group, version } = splitApiVersion(o.apiVersion);
          const res = await discovery.find(group, o.kind, version);
          if (!res) throw new Error(`the cluster does not serve ${o.apiVersion} ${o.kind}`);
          await client.apply(res, o, { fieldManager: 'bench-floor', force: true });
        }
      }),
    );
  };
  await applyAll(namespaces as KubeObject[]);
  await applyAll(objects);
  const appliedMs = performance.now() - t0;
  await until('parallel floor deployments available', () => availableIn(prefix) >= N);
  parallelFloorMs = performance.now() - t0;
  console.log(
    `parallel floor: ${APPLIERS} server-side appliers, ${N} apps × 5 objects → applied ${seconds(appliedMs)}, all Available: ${seconds(parallelFloorMs)}`,
  );
}

// --- Driftless ---
const repo = new TestRepo();
for (let i = 0; i < N; i++) repo.write({ [`apps/app${i}/all.yaml`]: appObjects(i, `${RUN}-dl-${i}`) });
repo.commit('bench apps');
const pollIntervalMs = 60_000;
// As runServer wires it: the cache and the settings source first, then the controller on them.
const newController = async () => {
  const cache = new LiveCache({ client, discovery });
  await cache.start();
  await cache.synced();
  return new ApplicationController({
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
      inClusterServer: connection.server,
      installCrds: true,
    },
  });
};
let controller = await newController();
await controller.start();
const apps = [];
for (let i = 0; i < N; i++) {
  apps.push(
    JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      // Tracking ids name the app: a per-run name keeps an earlier run's leftovers from being claimed (and pruned).
      metadata: { name: `${RUN}-app${i}`, namespace: NS },
      spec: {
        project: 'default',
        source: { repoURL: repo.url, path: `apps/app${i}`, targetRevision: 'HEAD' },
        destination: { server: 'https://kubernetes.default.svc', namespace: `${RUN}-dl-${i}` },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
    }),
  );
}
writeFileSync(join(floorDir, 'apps.json'), apps.join('\n'));
t0 = performance.now();
kubectl(['apply', '--server-side', '-f', join(floorDir, 'apps.json')]);
const allGood = () =>
  controller.ctx.apps
    .list()
    .filter((a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy').length >= N;
await until('all apps Synced+Healthy', allGood);
const mttpMs = performance.now() - t0;
console.log(
  `driftless: ${N} Applications × 5 objects from one commit → all Synced+Healthy: ${seconds(mttpMs)}${noFloor ? '' : ` (${(mttpMs / floorMs).toFixed(2)}× the floor, ${(mttpMs / parallelFloorMs).toFixed(2)}× the parallel floor)`}`,
);

// --- steady state: one full refresh of every app, nothing changed ---
const settle = () =>
  until('queue drained', () => controller.queue.length === 0 && controller.queue.inFlight === 0);
await settle();
const profiling = process.argv.includes('--profile');
const session = profiling ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const dryRuns0 = dryRuns(controller);
const reconciles0 = controller.stats.reconciles;
const wall0 = performance.now();
for (const a of controller.ctx.apps.list()) controller.queue.add(a.metadata.name);
await until('one refresh of every app', () => controller.stats.reconciles - reconciles0 >= N);
await settle();
const cpu = process.cpuUsage(cpu0);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('steady-state.cpuprofile', JSON.stringify(profile));
  console.log('wrote steady-state.cpuprofile (open in Chrome DevTools)');
}
const cache = controller.ctx.cache.stats();
console.log(
  `steady state: one refresh of ${N} apps (${N * 5} resources): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU s, ` +
    `${seconds(performance.now() - wall0)} wall; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; ` +
    `live cache ${cache.objects} objects ≈ ${(cache.approxBytes / 2 ** 20).toFixed(1)} MiB; ` +
    `${dryRuns(controller) - dryRuns0} dry-run calls`,
);

// --- first compare: a new controller (no predictions, no renders cached) over the synced apps ---
await controller.stop();
await controller.ctx.cache.stop();
// Timed from here, as before the cache moved out of the controller: its first sync counts.
const firstCpu0 = process.cpuUsage();
const firstWall0 = performance.now();
controller = await newController();
await controller.start();
await until('every app compared once', () => controller.stats.reconciles >= N);
await settle();
const firstCpu = process.cpuUsage(firstCpu0);
const inSync = controller.ctx.apps.list().filter((a) => a.status?.sync?.status === 'Synced').length;
console.log(
  `first compare: new controller over ${N} apps × 5 objects → every app compared: ${seconds(performance.now() - firstWall0)} wall, ` +
    `${((firstCpu.user + firstCpu.system) / 1e6).toFixed(2)} CPU s; ${dryRuns(controller)} dry-run calls; ${inSync} Synced`,
);

// --- latency: commit + refresh annotation → applied ---
const latencies: number[] = [];
for (let k = 0; k < (noLatency ? 0 : 5); k++) {
  repo
    .write({ 'apps/app0/all.yaml': appObjects(0, `${RUN}-dl-0`, k % 2 === 0 ? 2 : 1) })
    .commit(`scale ${k}`);
  const want = k % 2 === 0 ? '2' : '1';
  const t = performance.now();
  kubectl([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    `${RUN}-app0`,
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  await until(
    'commit applied',
    () =>
      kubectl(['-n', `${RUN}-dl-0`, 'get', 'deployment', 'app0', '-o', 'jsonpath={.spec.replicas}']) === want,
  );
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
if (!noLatency)
  console.log(
    `latency commit + refresh → applied: p50 ${seconds(latencies[2] ?? 0)} (5 runs, min ${seconds(latencies[0] ?? 0)})`,
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
  await new Promise<void>((resolve, reject) =>
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '-n', `${RUN}-dl-${i}`, 'scale', 'deployment', `app${i}`, '--replicas=3'],
      (e) => (e ? reject(e) : resolve()),
    ),
  );
  heal.push(await healed);
}
heal.sort((a, b) => a - b);
if (!noLatency)
  console.log(
    `latency manual edit → reverted by self-heal: p50 ${seconds(heal[5] ?? 0)} (10 runs, max ${seconds(heal[9] ?? 0)}; drift seen → revert seen in the watch cache)`,
  );

await controller.stop();
await controller.ctx.cache.stop();
// The run's namespaces go in the background (a shared cluster keeps serving others meanwhile).
const mine = kubectl(['get', 'namespaces', '-o', 'name'])
  .split('\n')
  .filter((n) => n.startsWith(`namespace/${RUN}-`));
for (let i = 0; i < mine.length; i += 200) kubectl(['delete', '--wait=false', ...mine.slice(i, i + 200)]);
client.close();
repo.cleanup();
if (!process.env.BENCH_KUBECONFIG) await clusterDown(clusterName, { purge: true });
