// The takeover half of bench/shards.ts: SIGKILL the replica running a sync held in a PreSync hook, time
// when the survivors drop it and when each of its apps is reconciled by one of them, then check the
// issue's safety claims from what the API server recorded (./shard-writes.ts) and print everything.
import type { KubeClient } from '../src/kube/client.js';
import { APPLICATION_RESOURCE, type Application } from '../src/model/index.js';
import type { ServerProcess } from '../test/e2e/support/server-process.js';
import type { TestRepo } from '../test/e2e/support/git-repo.js';
import type { AppWatch } from './app-watch.js';
import { checkWrites } from './shard-writes.js';

const REFRESH = 'argocd.argoproj.io/refresh';
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Waits for `check` (polled every `everyMs`); returns the ms waited. */
export async function until(
  what: string,
  check: () => boolean,
  timeoutMs = 30 * 60_000,
  everyMs = 500,
): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return performance.now() - t0;
}

/** The "shard joined / members changed" log lines of a replica: when (its clock) and the members. */
export function memberLines(out: string): { at: number; members: string[] }[] {
  return [...out.matchAll(/^.*"shard (?:joined|members changed)".*$/gm)].flatMap((m) => {
    const line = m[0];
    const at = Date.parse(/"time":"([^"]+)"/.exec(line)?.[1] ?? '');
    const members = /"members":"([^"]*)"/.exec(line)?.[1]?.split(',') ?? [];
    return [{ at, members }];
  });
}

/** The members of a replica's last such line. */
export const members = (out: string): string[] => memberLines(out).at(-1)?.members ?? [];

/** App → the replica reporting it in argocd_app_info (the owner). */
export async function owners(replicas: Map<string, ServerProcess>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [id, p] of replicas) {
    const text = await (await fetch(`${p.url}/metrics`)).text();
    for (const m of text.matchAll(/^argocd_app_info\{[^}]*\bname="([^"]+)"/gm)) out.set(m[1] ?? '', id);
  }
  return out;
}

/** Asks a refresh of each app (merge patches, 16 at once); resolves when the API server took them all. */
async function refresh(client: KubeClient, ns: string, names: readonly string[]): Promise<void> {
  const todo = [...names];
  const worker = async () => {
    for (let n = todo.pop(); n !== undefined; n = todo.pop())
      await client.patch(
        APPLICATION_RESOURCE,
        n,
        { metadata: { annotations: { [REFRESH]: 'normal' } } },
        { namespace: ns, type: 'merge', fieldManager: 'bench-shards' },
      );
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export interface TakeoverRun {
  ns: string;
  repo: TestRepo;
  replicas: Map<string, ServerProcess>;
  client: KubeClient;
  watch: AppWatch;
  /** Commits v2 of every app's files (one ConfigMap changes). */
  commitV2: () => void;
  kubectl: (args: string[], input?: string) => string;
  /** The held app's manifest (a PreSync hook that waits for a node label), applied first. */
  gated: object;
  gate: string;
}

/** SIGKILL the replica running a held sync; time the takeover and check the issue's safety claims. */
export async function takeover(r: TakeoverRun): Promise<void> {
  const { ns, replicas, watch, kubectl } = r;
  const app = (name: string) => watch.get(name);
  kubectl(['apply', '-f', '-'], JSON.stringify(r.gated));
  await until('the PreSync hook running', () =>
    (app('gated')?.status?.operationState?.syncResult?.resources ?? []).some(
      (x) => x.hookPhase === 'Running',
    ),
  );
  const before = await owners(replicas);
  const victim = before.get('gated') ?? '';
  const moved = [...before].filter(([, o]) => o === victim).map(([n]) => n);
  const probed = moved.filter((n) => n !== 'gated');
  const recorder = watch.recordWrites();
  // Taken over = reconciled by another replica: a refresh asked of each of its apps right after the kill
  // is done (the annotation removed) only by the replica that reconciles the app.
  const asked = new Set<string>();
  const reconciledAt = new Map<string, number>();
  const stopProbe = watch.on((a, _old, seenAt) => {
    const n = a.metadata.name;
    if (!probed.includes(n) || reconciledAt.has(n)) return;
    if (a.metadata.annotations?.[REFRESH] !== undefined) asked.add(n);
    else if (asked.has(n)) reconciledAt.set(n, seenAt);
  });
  const killedAt = Date.now();
  await replicas.get(victim)?.kill();
  replicas.delete(victim);
  await refresh(r.client, ns, probed);
  const askedIn = Date.now() - killedAt;
  await until(
    'the survivors to drop the killed replica',
    () => [...replicas.values()].every((p) => members(p.output()).length === replicas.size),
    30 * 60_000,
    100,
  );
  const dropped = Math.max(
    ...[...replicas.values()].map(
      (p) =>
        (memberLines(p.output()).find((l) => l.at >= killedAt && l.members.length === replicas.size)?.at ??
          NaN) - killedAt,
    ),
  );
  await until(
    "the killed replica's apps reconciled by the others",
    () => reconciledAt.size === probed.length,
  );
  stopProbe();
  const lags = [...reconciledAt.values()].map((t) => t - killedAt).sort((x, y) => x - y);
  const pct = (q: number) => seconds(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN);
  console.log(
    `takeover: survivors dropped the killed replica ${seconds(dropped)} after SIGKILL (their log); ` +
      `its ${probed.length} apps (and the held one) reconciled by the others p50 ${pct(0.5)}, p90 ${pct(0.9)}, max ${pct(1)} ` +
      `after SIGKILL (goal ≤ 15 s; a refresh asked of each within ${seconds(askedIn)} of the kill, seen on a watch)`,
  );
  r.commitV2();
  const head = r.repo.head();
  const committedAt = Date.now() - killedAt;
  // The poll interval is long: a refresh of every app asks for the new commit at once.
  await refresh(
    r.client,
    ns,
    watch.list().map((a) => a.metadata.name),
  );
  await until("the killed replica's apps at v2", () =>
    probed.every((n) => {
      const s = app(n)?.status?.sync;
      return s?.revision === head && s.status === 'Synced';
    }),
  );
  console.log(
    `takeover: the killed replica's apps at the new commit ${seconds(Date.now() - killedAt)} after SIGKILL ` +
      `(committed at ${seconds(committedAt)})`,
  );
  kubectl(['label', 'node', '--all', `${r.gate}=true`, '--overwrite']);
  await until('the held sync finished', () => {
    const g = app('gated');
    return g?.status?.operationState?.phase === 'Succeeded' && !g.operation;
  });
  recorder.stop();
  printChecks(r, await owners(replicas), { before, victim, killedAt, writes: recorder.writes });
}

function printChecks(
  r: TakeoverRun,
  after: Map<string, string>,
  run: {
    before: Map<string, string>;
    victim: string;
    killedAt: number;
    writes: Parameters<typeof checkWrites>[0]['writes'];
  },
): void {
  const bad = checkWrites({ ...run, after });
  const writers = new Map<string, number>();
  for (const w of run.writes) writers.set(w.writer, (writers.get(w.writer) ?? 0) + 1);
  const short = (id: string) => id.slice(r.ns.length + 1);
  console.log(
    `check: apps written by two live replicas at once (or by a replica owning them neither before nor after): ${bad.length}` +
      (bad.length > 0
        ? ` (${bad
            .slice(0, 5)
            .map((v) => `${v.app}: ${v.why}`)
            .join('; ')})`
        : '') +
      `; from ${run.writes.length} status/operation writes seen on a watch since before the kill (${[
        ...writers,
      ]
        .map(([w, n]) => `${short(w)} ${n}`)
        .join(', ')})`,
  );
  const gated: Application | undefined = r.watch.get('gated');
  const pods = JSON.parse(
    r.kubectl(['-n', `${r.ns}-dest`, 'get', 'pods', '-l', 'job-name=migrate', '-o', 'json']),
  ) as { items: unknown[] };
  const message = gated?.status?.operationState?.message ?? '';
  console.log(
    `check: the sync held on the killed replica resumed (${/resumed/.test(message) ? 'message says resumed' : message}) ` +
      `and completed once: ${gated?.status?.history?.length ?? 0} history entry, ${pods.items.length} hook pod`,
  );
}
