// Bench: a fleet of three local control planes (a hub running `driftless server`, two spokes) and one
// ApplicationSet (clusters × list: N apps per cluster). Run it on your OWN clusters, never a shared one.
//   Fleet rollout: the set applied → all N apps on the hub Synced+Healthy; then each spoke's cluster Secret
//     added → its N apps Synced+Healthy (the set regenerates on cluster Secrets); RSS of the server after
//     each step, so each spoke's delta is the memory its cache and its N apps cost, with the objects cached.
//   MTTP: one commit changing every app, announced by a push webhook → all 3N apps Synced+Healthy at it.
// Usage: node dist/bench/fleet.js [--apps N] (N per cluster, default 300); prints figures, asserts nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { clusterDown, clusterUp } from '../src/localcluster/index.js';
import type { Application } from '../src/model/index.js';
import { TestRepo } from '../test/e2e/support/git-repo.js';
import { startServerProcess, type ServerProcess } from '../test/e2e/support/server-process.js';
import { githubPush, sendGithubPush } from '../test/e2e/support/webhook.js';
import { benchArgs, countOption } from './usage.js';

const USAGE = `
Usage: node dist/bench/fleet.js [--apps N]
A hub running "driftless server" and two spokes (three local control planes of its own) with one
ApplicationSet: rollout per cluster, RSS per spoke, and MTTP of one commit to all 3N apps.
  --apps N    applications per cluster (default 300)
  -h, --help  this text`;
const args = benchArgs(USAGE, { apps: { type: 'string' } });

const N = countOption('apps', args.apps, 300);
const RUN = `f${process.pid}`;
const NS = `${RUN}-argocd`;
const DEST = `${RUN}-dest`;
const names = ['hub', 's1', 's2'].map((n) => `bench-fleet-${process.pid}-${n}`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function until(what: string, check: () => boolean, timeoutMs = 45 * 60_000): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return performance.now() - t0;
}

function rss(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

/** An Argo CD cluster Secret for a spoke, with the client certificate of its admin kubeconfig. */
function clusterSecret(name: string, kubeconfig: string): string {
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as Kubeconfig;
  const c = kc.clusters[0]?.cluster;
  const u = kc.users[0]?.user;
  if (!c || !u) throw new Error(`${kubeconfig} has no cluster or user`);
  const config = {
    tlsClientConfig: {
      caData: c['certificate-authority-data'],
      certData: u['client-certificate-data'],
      keyData: u['client-key-data'],
    },
  };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `cluster-${name}`,
      namespace: NS,
      labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
    },
    stringData: { name, server: c.server, config: JSON.stringify(config) },
  });
}

console.log(`fleet bench: ${N} apps per cluster × 3 clusters; load average at start ${load()}`);
const t0 = performance.now();
const repo = new TestRepo();
let started: ServerProcess | undefined;
let down: Promise<void> | undefined;
/** The server stopped (it must exit 0 on SIGTERM), then the three clusters down, however the run ends. */
const teardown = () =>
  (down ??= (async () => {
    try {
      await started?.stop();
    } finally {
      repo.cleanup();
      for (const name of names) await clusterDown(name, { purge: true });
    }
  })());
process.once('SIGINT', () => void teardown().finally(() => process.exit(130)));
try {
  const clusters = await Promise.all(names.map((name) => clusterUp({ name, readyTimeoutSec: 600 })));
  console.log(`3 control planes up in ${seconds(performance.now() - t0)}`);
  const [hub, ...spokes] = clusters.map((c) => c.kubeconfig) as [string, string, string];
  const kubectl = (args: string[], input?: string) =>
    execFileSync('kubectl', ['--kubeconfig', hub, ...args], {
      input,
      encoding: 'utf8',
      maxBuffer: 512 * 2 ** 20,
    });

  const cm = (i: number, v: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a${i}}\ndata: {v: "${v}"}\n`;
  const files = (v: string) =>
    Object.fromEntries(Array.from({ length: N }, (_, i) => [`apps/a${i}/cm.yaml`, cm(i, v)]));
  const first = repo.write(files('1')).commit('v1');

  const server = await startServerProcess({ namespace: NS, kubeconfig: hub, pollIntervalSeconds: 180 });
  started = server;
  const password = Buffer.from(
    kubectl(['-n', NS, 'get', 'secret', 'argocd-initial-admin-secret', '-o', 'jsonpath={.data.password}']),
    'base64',
  ).toString();
  const token = (
    (await (
      await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      })
    ).json()) as { token: string }
  ).token;
  interface ClusterInfo {
    name: string;
    info: { applicationsCount: number; cacheInfo: { resourcesCount: number; apisCount: number } };
  }
  const clusterInfo = async () =>
    (
      (await (
        await fetch(`${server.url}/api/v1/clusters`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as { items: ClusterInfo[] }
    ).items;

  const apps = (): Application[] =>
    (
      JSON.parse(kubectl(['-n', NS, 'get', 'applications.argoproj.io', '-o', 'json'])) as {
        items: Application[];
      }
    ).items;
  const done = (count: number, revision: string) => () => {
    const a = apps();
    return (
      a.length === count &&
      a.every(
        (x) =>
          x.status?.sync?.status === 'Synced' &&
          x.status.health?.status === 'Healthy' &&
          x.status.sync.revision === revision,
      )
    );
  };

  const rss0 = rss(server.pid);
  console.log(`server ready: RSS ${mib(rss0)} (hub cache only, no apps)`);
  kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'fleet', namespace: NS },
      spec: {
        generators: [
          {
            matrix: {
              generators: [
                { clusters: {} },
                { list: { elements: Array.from({ length: N }, (_, i) => ({ i: `${i}` })) } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{name}}-a{{i}}' },
          spec: {
            project: 'default',
            source: { repoURL: repo.url, targetRevision: 'HEAD', path: 'apps/a{{i}}' },
            destination: { server: '{{server}}', namespace: DEST },
            syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] },
          },
        },
      },
    }),
  );
  const hubMs = await until(
    'hub apps',
    done(N, first),
    Number(process.env.FLEET_TIMEOUT_MS ?? 45 * 60_000),
  ).catch((e: unknown) => {
    console.log(server.output().split('\n').slice(-40).join('\n'));
    throw e;
  });
  let last = rss(server.pid);
  console.log(
    `hub: ${N} apps Synced+Healthy in ${seconds(hubMs)}; RSS ${mib(last)} (+${mib(last - rss0)}); load ${load()}`,
  );
  for (const [i, kubeconfig] of spokes.entries()) {
    const name = `s${i + 1}`;
    const s0 = performance.now();
    kubectl(['apply', '-f', '-'], clusterSecret(name, kubeconfig));
    const ms = await until(`${name} apps`, done(N * (i + 2), first));
    const now = rss(server.pid);
    const info = (await clusterInfo()).find((c) => c.name === name);
    const objects = info?.info.cacheInfo.resourcesCount ?? 0;
    console.log(
      `spoke ${name}: cluster Secret → ${N} apps Synced+Healthy in ${seconds(ms)} (since ${seconds(performance.now() - s0)}); ` +
        `RSS +${mib(now - last)} for its cache (${objects} objects, ${info?.info.cacheInfo.apisCount ?? 0} types) and its ${N} apps` +
        ` = ${Math.round((now - last) / Math.max(1, objects))} B per cached object (upper bound); load ${load()}`,
    );
    last = now;
  }

  const second = repo.write(files('2')).commit('v2: every app changes');
  const m0 = performance.now();
  const hook = await sendGithubPush(server.url, githubPush(repo.url, 'main', second));
  if (hook.status !== 200) throw new Error(`webhook answered ${hook.status}: ${await hook.text()}`);
  await until('all apps at v2', done(3 * N, second));
  const mttp = performance.now() - m0;
  console.log(
    `MTTP: commit + push webhook → ${3 * N} apps on 3 clusters Synced+Healthy in ${seconds(mttp)}` +
      `; load ${load()}; final RSS ${mib(rss(server.pid))}`,
  );
  for (const c of await clusterInfo())
    console.log(
      `  ${c.name}: ${c.info.applicationsCount} apps, ${c.info.cacheInfo.resourcesCount} cached objects in ${c.info.cacheInfo.apisCount} types`,
    );
} finally {
  await teardown();
}
