// Bench: sharded controller replicas on a real control plane (run it on your OWN cluster, never a shared one).
//   MTTP: N apps (two ConfigMaps each) from creation to all Synced, with 1 and with 3 replicas of
//         `driftless server --component application-controller`; CPU seconds of each replica meanwhile.
//   Takeover (3 replicas, ./shard-takeover.ts): SIGKILL the replica running a sync held in a PreSync
//         hook; time until the survivors drop it, until each of its apps is reconciled by another (a
//         refresh asked at the kill, done, seen on a watch), and until all reached a new commit; then the
//         checks the issue names, printed: no app written by two live replicas at once (managedFields of
//         every version a watch saw), the held sync completed once (one history entry, one pod).
// Usage: node dist/bench/shards.js [--apps N] [--shards 3] [--only-sharded] [--steady-state] [--no-takeover]
//        (BENCH_KUBECONFIG reuses a running cluster); prints figures and check results, asserts nothing about time.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { clusterDown, clusterUp } from '../src/localcluster/index.js';
import { KubeClient } from '../src/kube/client.js';
import { loadKubeconfig } from '../src/kube/kubeconfig.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { startServerProcess, type ServerProcess } from '../test/e2e/support/server-process.js';
import { AppWatch } from './app-watch.js';
import { members, seconds, takeover, until } from './shard-takeover.js';
import { steadyState } from './shards-steady.js';
import { cpuSeconds } from './stats.js';
import { benchArgs, countOption } from './usage.js';

const USAGE = `
Usage: node dist/bench/shards.js [--apps N] [--shards 3] [--only-sharded]
Sharded application-controller replicas on a cluster of its own (BENCH_KUBECONFIG reuses a running
one): MTTP with 1 and with --shards replicas, then the takeover of a killed replica's apps.
  --apps N          applications (default 300)
  --shards N        replicas of the sharded round (default 3)
  --only-sharded    skip the one-replica round
  --steady-state    after MTTP, each replica's home-cluster watch bytes/events, CPU and RSS over a quiet
                    minute and over 3 commits (bench/shards-steady.ts)
  --no-takeover     skip the takeover of the sharded round
  -h, --help  this text`;
const args = benchArgs(USAGE, {
  apps: { type: 'string' },
  shards: { type: 'string' },
  'only-sharded': { type: 'boolean' },
  'steady-state': { type: 'boolean' },
  'no-takeover': { type: 'boolean' },
});

const N = countOption('apps', args.apps, 300);
const SHARDS = countOption('shards', args.shards, 3);
const GATE = `driftless.dev/bench-gate-${process.pid}`;
const RUN = `b${process.pid}`;
const clusterName = `bench-shards-${process.pid}`;
const kubeconfig = process.env.BENCH_KUBECONFIG ?? (await clusterUp({ name: clusterName })).kubeconfig;
const kubectl = (args: string[], input?: string) =>
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
const client = new KubeClient(loadKubeconfig(kubeconfig));

const gatedHook = (gate: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations: {argocd.argoproj.io/hook: PreSync}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      nodeSelector: {${gate}: "true"}
      containers: [{name: main, image: busybox}]
`;

/** The apiserver's own count of requests served, by verb and resource (its /metrics). */
function apiserverRequests(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of kubectl(['get', '--raw', '/metrics']).split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const label = (k: string) => new RegExp(`[{,]${k}="([^"]*)"`).exec(line)?.[1] ?? '';
    const key = `${label('verb')} ${label('resource')}${label('subresource') ? `/${label('subresource')}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

/** The requests served between two counts, largest first. */
function requestsBetween(before: Map<string, number>, after: Map<string, number>, top = 8): string {
  const delta = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, d]) => d > 0);
  const total = delta.reduce((n, [, d]) => n + d, 0);
  const largest = delta.sort((a, b) => b[1] - a[1]).slice(0, top);
  return `${total} (${largest.map(([k, d]) => `${k} ${d}`).join(', ')})`;
}

async function round(shards: number, another: boolean): Promise<void> {
  const ns = `${RUN}-s${shards}`;
  const dest = `${ns}-dest`;
  const repo = new TestRepo();
  const files: Record<string, string> = {};
  const cm = (name: string, v: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {v: "${v}"}\n`;
  for (let i = 0; i < N; i++) {
    files[`apps/a${i}/one.yaml`] = cm(`a${i}-one`, '1');
    files[`apps/a${i}/two.yaml`] = cm(`a${i}-two`, '1');
  }
  files['gated/presync.yaml'] = gatedHook(GATE);
  files['gated/cm.yaml'] = cm('gated-cm', '1');
  repo.write(files).commit('v1');
  const replicas = new Map<string, ServerProcess>();
  const ids = Array.from({ length: shards }, (_, i) => `${ns}-r${i}`);
  const started = await Promise.all(
    ids.map((id) =>
      startServerProcess({
        namespace: ns,
        kubeconfig,
        pollIntervalSeconds: 180,
        extraArgs: [
          '--insecure',
          '--install-crds',
          '--component=application-controller',
          `--controller-replicas=${shards}`,
          `--controller-id=${id}`,
        ],
      }),
    ),
  );
  ids.forEach((id, i) => replicas.set(id, started[i] as ServerProcess));
  // All members must see each other before apps arrive (joins make newcomers wait one lease duration).
  await until(
    'members',
    () => shards === 1 || [...replicas.values()].every((p) => members(p.output()).length === shards),
  );
  const cpu0 = new Map([...replicas].map(([id, p]) => [id, cpuSeconds(p.pid)]));
  const application = (name: string, path: string) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: ns },
    spec: {
      project: 'default',
      source: { repoURL: repo.url, targetRevision: 'HEAD', path },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
  const list = Array.from({ length: N }, (_, i) => application(`a${i}`, `apps/a${i}`));
  const watch = new AppWatch(client, ns);
  await watch.synced;
  const requests0 = apiserverRequests();
  const t0 = performance.now();
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list }));
  await until('all Synced', () => {
    const a = watch.list().filter((x) => x.metadata.name !== 'gated');
    return a.length === N && a.every((x) => x.status?.sync?.status === 'Synced');
  });
  const mttp = performance.now() - t0;
  const cpu = [...replicas].map(
    ([id, p]) => `${id.slice(ns.length + 1)} ${(cpuSeconds(p.pid) - (cpu0.get(id) ?? 0)).toFixed(1)} s`,
  );
  console.log(
    `${shards} shard(s), ${N} apps: MTTP ${seconds(mttp)}; CPU per replica: ${cpu.join(', ')}; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`  apiserver requests until then: ${requestsBetween(requests0, apiserverRequests())}`);
  if (args['steady-state'] === true)
    await steadyState({ ns, apps: N, replicas, repo, cm, kubectl, list: () => watch.list() });
  if (shards > 1 && args['no-takeover'] !== true)
    await takeover({
      ns,
      repo,
      replicas,
      client,
      watch,
      kubectl,
      gated: application('gated', 'gated'),
      gate: GATE,
      commitV2: () => {
        for (let i = 0; i < N; i++) repo.write({ [`apps/a${i}/one.yaml`]: cm(`a${i}-one`, '2') });
        repo.commit('v2');
      },
    });
  await watch.stop();
  kubectl(['-n', ns, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await Promise.all([...replicas.values()].map((p) => p.stop()));
  // The next round starts on a quiet apiserver: its apps carry the same names, and the deletion of these
  // objects (their tracking ids name a0, a1, …) would otherwise queue and load the next round's replicas.
  kubectl(['delete', 'namespace', ns, dest, `--wait=${another}`, '--timeout=20m']);
  kubectl(['label', 'node', '--all', `${GATE}-`]);
  repo.cleanup();
}

if (args['only-sharded'] !== true) await round(1, true);
await round(SHARDS, false);
client.close();
if (!process.env.BENCH_KUBECONFIG) await clusterDown(clusterName, { purge: true });
