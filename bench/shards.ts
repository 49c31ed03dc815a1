// Bench: sharded controller replicas on a real control plane (run it on your OWN cluster, never a shared one).
//   MTTP: N apps (two ConfigMaps each) from creation to all Synced, with 1 and with 3 replicas of
//         `driftless server --component application-controller`; CPU seconds of each replica meanwhile.
//   Takeover (3 replicas): SIGKILL one, commit a change to every app; time until the killed replica's
//         apps reached the new commit on their new owners.
// Usage: node dist/bench/shards.js [--apps N] (BENCH_KUBECONFIG reuses a running cluster); prints figures only.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { clusterDown, clusterUp } from '../src/localcluster/index.js';
import type { Application } from '../src/model/index.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { startServerProcess, type ServerProcess } from '../test/e2e/support/server-process.js';

const argN = process.argv.indexOf('--apps');
const N = argN > 0 ? Number(process.argv[argN + 1]) : 300;
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

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
  const members = (out: string) =>
    [...out.matchAll(/"shard (?:joined|members changed)".*?"members":"([^"]*)"/g)].at(-1)?.[1]?.split(',') ??
    [];
  await until(
    'members',
    () => shards === 1 || [...replicas.values()].every((p) => members(p.output()).length === shards),
  );
  const cpu0 = new Map([...replicas].map(([id, p]) => [id, cpuSeconds(p.pid)]));
  const list = Array.from({ length: N }, (_, i) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `a${i}`, namespace: ns },
    spec: {
      project: 'default',
      source: { repoURL: repo.url, targetRevision: 'HEAD', path: `apps/a${i}` },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    },
  }));
  const t0 = performance.now();
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list }));
  await until('all Synced', () => {
    const a = apps(ns);
    return a.length === N && a.every((x) => x.status?.sync?.status === 'Synced');
  });
  const mttp = performance.now() - t0;
  const cpu = [...replicas].map(
    ([id, p]) => `${id.slice(ns.length + 1)} ${(cpuSeconds(p.pid) - (cpu0.get(id) ?? 0)).toFixed(1)} s`,
  );
  console.log(`${shards} shard(s), ${N} apps: MTTP ${seconds(mttp)}; CPU per replica: ${cpu.join(', ')}`);
  if (shards > 1) {
    const before = await owners(replicas);
    const [victim] = ids;
    const moved = [...before].filter(([, o]) => o === victim).map(([n]) => n);
    const t1 = performance.now();
    await replicas.get(victim ?? '')?.kill();
    replicas.delete(victim ?? '');
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
        .filter((a) => moved.includes(a.metadata.name))
        .every((a) => a.status?.sync?.revision === head && a.status.sync.status === 'Synced'),
    );
    console.log(
      `takeover: ${moved.length} apps of the killed replica at the new commit ${seconds(performance.now() - t1)} after SIGKILL`,
    );
  }
  kubectl(['-n', ns, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await Promise.all([...replicas.values()].map((p) => p.stop()));
  kubectl(['delete', 'namespace', ns, dest, '--wait=false']);
  repo.cleanup();
}

await round(1);
await round(3);
if (!process.env.BENCH_KUBECONFIG) await clusterDown(clusterName, { purge: true });
