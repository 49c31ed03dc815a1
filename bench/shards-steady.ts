// Bench phase of shards.ts: what each controller replica pays, in steady state, for watching the home
// cluster. With N apps converged it reads every replica's driftless_watch_* counters, CPU and RSS over a
// quiet window and over a window with a few commits (a slice of the apps each), and prints per replica
// the bytes and events of the Application watch against those of the managed objects' watches.
import { loadavg } from 'node:os';
import type { Application } from '../src/model/index.js';
import type { TestRepo } from '../test/e2e/support/git-repo.js';
import type { ServerProcess } from '../test/e2e/support/server-process.js';
import { residentBytes } from '../src/localcluster/processes.js';
import { cpuSeconds, until } from './stats.js';

const HOME = 'https://kubernetes.default.svc';

export interface SteadyStateOptions {
  ns: string;
  apps: number;
  replicas: ReadonlyMap<string, ServerProcess>;
  repo: TestRepo;
  /** Content of an app's first ConfigMap with value `v` (what a commit changes). */
  cm: (name: string, v: string) => string;
  kubectl: (args: string[], input?: string) => string;
  list: () => Application[];
  quietMs?: number;
  commits?: number;
  /** Apps changed by each commit; default 5 % of them (at least 1). */
  perCommit?: number;
}

interface Sample {
  cpu: number;
  rssMiB: number;
  /** Home-cluster watch bytes/events: Applications apart, everything else together. */
  appBytes: number;
  appEvents: number;
  otherBytes: number;
  otherEvents: number;
}

/** Runs the two windows and prints one line per replica and window. */
export async function steadyState(o: SteadyStateOptions): Promise<void> {
  const quietMs = o.quietMs ?? 60_000;
  let t = performance.now();
  let before = await sampleAll(o.replicas);
  await new Promise((r) => setTimeout(r, quietMs)); // a measurement window, not a wait for a condition
  let after = await sampleAll(o.replicas);
  report(o, `quiet ${(quietMs / 1000).toFixed(0)} s`, before, after, performance.now() - t);

  const commits = o.commits ?? 3;
  const per = o.perCommit ?? Math.max(1, Math.round(o.apps / 20));
  t = performance.now();
  before = after;
  for (let c = 0; c < commits; c++) {
    const names = Array.from({ length: per }, (_, i) => `a${(c * per + i) % o.apps}`);
    o.repo.write(Object.fromEntries(names.map((n) => [`apps/${n}/one.yaml`, o.cm(`${n}-one`, `s${c}`)])));
    o.repo.commit(`steady ${c}`);
    const head = o.repo.head();
    // The poll interval is long: a refresh annotation on the changed apps asks for the commit now.
    o.kubectl([
      '-n',
      o.ns,
      'annotate',
      'applications.argoproj.io',
      ...names,
      'argocd.argoproj.io/refresh=normal',
      '--overwrite',
    ]);
    await until(
      `commit ${c + 1} synced`,
      () =>
        o
          .list()
          .filter((a) => names.includes(a.metadata.name))
          .every((a) => a.status?.sync?.revision === head && a.status.sync.status === 'Synced'),
      10 * 60_000,
    );
  }
  after = await sampleAll(o.replicas);
  report(o, `${commits} commits × ${per} apps`, before, after, performance.now() - t);
}

async function sampleAll(replicas: ReadonlyMap<string, ServerProcess>): Promise<Map<string, Sample>> {
  const out = new Map<string, Sample>();
  for (const [id, p] of replicas) out.set(id, await sample(p));
  return out;
}

async function sample(p: ServerProcess): Promise<Sample> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const s: Sample = {
    cpu: cpuSeconds(p.pid),
    rssMiB: residentBytes(p.pid) / 2 ** 20,
    appBytes: 0,
    appEvents: 0,
    otherBytes: 0,
    otherEvents: 0,
  };
  const series =
    /^driftless_watch_(received_bytes|events)_total\{server="([^"]*)",group="([^"]*)",resource="([^"]*)"\} (\d+(?:\.\d+)?(?:e\+\d+)?)$/gm;
  for (const m of text.matchAll(series)) {
    if (m[2] !== HOME) continue;
    const kind = m[3] === 'argoproj.io' && m[4] === 'applications' ? 'app' : 'other';
    const field = `${kind}${m[1] === 'received_bytes' ? 'Bytes' : 'Events'}` as const;
    s[field] += Number(m[5]);
  }
  return s;
}

function report(
  o: SteadyStateOptions,
  what: string,
  before: Map<string, Sample>,
  after: Map<string, Sample>,
  ms: number,
): void {
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  const rows: string[] = [];
  let total = 0;
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) continue;
    total += a.appBytes - b.appBytes + a.otherBytes - b.otherBytes;
    rows.push(
      `  ${id.slice(o.ns.length + 1)}: Applications ${kib(a.appBytes - b.appBytes)} / ${a.appEvents - b.appEvents} events; ` +
        `managed and other objects ${kib(a.otherBytes - b.otherBytes)} / ${a.otherEvents - b.otherEvents} events; ` +
        `CPU ${(a.cpu - b.cpu).toFixed(1)} s; RSS ${a.rssMiB.toFixed(0)} MiB`,
    );
  }
  console.log(
    `steady state, ${o.replicas.size} replica(s), ${o.apps} apps, ${what} (${(ms / 1000).toFixed(1)} s; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}): home-cluster watch traffic ${kib(total)} in all\n${rows.join('\n')}`,
  );
}
