// Bench: sharded controller replicas on a real control plane (run it on your OWN cluster, never a shared one).
//   MTTP: N apps (two ConfigMaps each) from creation to all Synced, with 1 and with 3 replicas of
//         `driftless server --component application-controller`; CPU seconds of each replica meanwhile.
//   Takeover (3 replicas): SIGKILL the replica running a sync held in a PreSync hook; time until the
//         survivors drop it, until each of its apps is reconciled (status.reconciledAt) by another, and
//         until all reached a new commit; then the checks the issue names, printed: no app written by
//         two live replicas (managedFields), the held sync completed once (one history entry, one pod).
// Usage: node dist/bench/shards.js [--apps N] [--shards 3] [--only-sharded] [--steady-state] [--no-takeover]
//        (BENCH_KUBECONFIG reuses a running cluster); prints figures and check results, asserts nothing about time.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { clusterDown, clusterUp } from '../src/localcluster/index.js';
import type { Application } from '../src/model/index.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { startServerProcess, type ServerProcess } from '../test/e2e/support/server-process.js';
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function until(what: string, check: () => boolean, timeoutMs = 30 * 60_000): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return performance.now() - t0;
}

function apps(ns: string): Application[] {
  return (
    JSON.parse(kubectl(['-n', ns, 'get', 'applications.argoproj.io', '-o', 'json'])) as {
      items: Application[];
    }
  ).items;
}

async function owners(replicas: Map<string, ServerProcess>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [id, p] of replicas) {
    const text = await (await fetch(`${p.url}/metrics`)).text();
    for (const m of text.matchAll(/^argocd_app_info\{[^}]*\bname="([^"]+)"/gm)) out.set(m[1] ?? '', id);
  }
  return out;
}

/** The replicas (shard ids) whose field manager wrote the app, from its managedFields. */
function writers(a: Application): string[] {
  const fields = (a.metadata as { managedFields?: { manager?: string }[] }).managedFields ?? [];
  const ids = fields.flatMap((f) =>
    f.manager?.startsWith('driftless-shard-') ? [f.manager.slice('driftless-shard-'.length)] : [],
  );
  return [...new Set(ids)].sort();
}

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

async function round(shards: number): Promise<void> {
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
  const t0 = performance.now();
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list }));
  await until('all Synced', () => {
    const a = apps(ns).filter((x) => x.metadata.name !== 'gated');
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
  if (args['steady-state'] === true)
    await steadyState({ ns, apps: N, replicas, repo, cm, kubectl, list: () => apps(ns) });
  if (shards > 1 && args['no-takeover'] !== true) await takeover(ns, repo, replicas, application, cm);
  kubectl(['-n', ns, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await Promise.all([...replicas.values()].map((p) => p.stop()));
  kubectl(['delete', 'namespace', ns, dest, '--wait=false']);
  kubectl(['label', 'node', '--all', `${GATE}-`]);
  repo.cleanup();
}

/** SIGKILL the replica running a held sync; time the takeover and check the issue's safety claims. */
async function takeover(
  ns: string,
  repo: TestRepo,
  replicas: Map<string, ServerProcess>,
  application: (name: string, path: string) => object,
  cm: (name: string, v: string) => string,
): Promise<void> {
  kubectl(['apply', '-f', '-'], JSON.stringify(application('gated', 'gated')));
  await until('the PreSync hook running', () =>
    apps(ns).some(
      (a) =>
        a.metadata.name === 'gated' &&
        (a.status?.operationState?.syncResult?.resources ?? []).some((r) => r.hookPhase === 'Running'),
    ),
  );
  const before = await owners(replicas);
  const victim = before.get('gated') ?? '';
  const moved = [...before].filter(([, o]) => o === victim).map(([n]) => n);
  const killedAt = Date.now();
  const t1 = performance.now();
  await replicas.get(victim)?.kill();
  replicas.delete(victim);
  const dropped = await until('the survivors to drop the killed replica', () =>
    [...replicas.values()].every((p) => members(p.output()).length === replicas.size),
  );
  // Taken over = reconciled by another replica: a refresh asked of each of its apps at the kill is
  // done (the annotation removed) only by the replica that reconciles the app.
  kubectl([
    '-n',
    ns,
    'annotate',
    'applications.argoproj.io',
    ...moved,
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  const reconciledAfter = new Map<string, number>();
  await until("the killed replica's apps reconciled by the others", () => {
    const now = Date.now();
    for (const a of apps(ns))
      if (
        moved.includes(a.metadata.name) &&
        a.metadata.annotations?.['argocd.argoproj.io/refresh'] === undefined &&
        !reconciledAfter.has(a.metadata.name)
      )
        reconciledAfter.set(a.metadata.name, now - killedAt);
    return moved.every((n) => reconciledAfter.has(n) || n === 'gated');
  });
  const lags = [...reconciledAfter.values()].sort((x, y) => x - y);
  const pct = (q: number) => seconds(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN);
  console.log(
    `takeover: survivors dropped the killed replica ${seconds(dropped)} after SIGKILL; its ${moved.length} apps ` +
      `reconciled by the others p50 ${pct(0.5)}, p90 ${pct(0.9)}, max ${pct(1)} after SIGKILL (goal ≤ 15 s; observed every 0.5 s or slower)`,
  );
  for (let i = 0; i < N; i++) repo.write({ [`apps/a${i}/one.yaml`]: cm(`a${i}-one`, '2') });
  repo.commit('v2');
  const head = repo.head();
  // The poll interval is long: a refresh annotation on every app asks for the new commit at once.
  kubectl([
    '-n',
    ns,
    'annotate',
    'applications.argoproj.io',
    '--all',
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  await until("the killed replica's apps at v2", () =>
    apps(ns)
      .filter((a) => moved.includes(a.metadata.name) && a.metadata.name !== 'gated')
      .every((a) => a.status?.sync?.revision === head && a.status.sync.status === 'Synced'),
  );
  console.log(
    `takeover: the killed replica's apps at the new commit ${seconds(performance.now() - t1)} after SIGKILL`,
  );
  kubectl(['label', 'node', '--all', `${GATE}=true`, '--overwrite']);
  await until('the held sync finished', () =>
    apps(ns).some(
      (a) => a.metadata.name === 'gated' && a.status?.operationState?.phase === 'Succeeded' && !a.operation,
    ),
  );
  const after = await owners(replicas);
  const all = apps(ns);
  const doubly = all.filter((a) => {
    const w = writers(a);
    const n = a.metadata.name;
    const expected = before.get(n) === victim ? [victim, after.get(n) ?? ''].sort() : [before.get(n) ?? ''];
    return w.join() !== expected.join();
  });
  const gated = all.find((a) => a.metadata.name === 'gated');
  const pods = JSON.parse(
    kubectl(['-n', `${ns}-dest`, 'get', 'pods', '-l', 'job-name=migrate', '-o', 'json']),
  ) as {
    items: unknown[];
  };
  console.log(
    `check: apps written by other replicas than their owner (and, for the killed one's, its one successor): ${doubly.length}` +
      (doubly.length > 0
        ? ` (${doubly
            .slice(0, 5)
            .map((a) => `${a.metadata.name}: ${writers(a).join('+')}`)
            .join(', ')})`
        : ''),
  );
  console.log(
    `check: the sync held on the killed replica resumed (${/resumed/.test(gated?.status?.operationState?.message ?? '') ? 'message says resumed' : gated?.status?.operationState?.message}) ` +
      `and completed once: ${gated?.status?.history?.length ?? 0} history entry, ${pods.items.length} hook pod`,
  );
}

/** The members of a replica's last "shard joined / members changed" log line. */
function members(out: string): string[] {
  return (
    [...out.matchAll(/"shard (?:joined|members changed)".*?"members":"([^"]*)"/g)].at(-1)?.[1]?.split(',') ??
    []
  );
}

if (args['only-sharded'] !== true) await round(1);
await round(SHARDS);
if (!process.env.BENCH_KUBECONFIG) await clusterDown(clusterName, { purge: true });
