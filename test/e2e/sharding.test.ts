// Three `driftless server --component application-controller` processes sharing the apps through Leases
// (and an API-only process showing who owns what): a cluster Secret's `shard` pins its apps to the
// replica with that ARGOCD_CONTROLLER_SHARD; each app is written by exactly one replica; SIGKILL one and
// the others take its apps over, and its in-flight sync resumes and completes once on the new owner;
// a replica whose main event loop is blocked longer than a lease keeps its Lease and its apps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner, loginAdmin } from './support/cli.js';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { waitForApp } from './support/controller.js';
import { kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { configMap, hook, job } from './support/manifests.js';
import { initialAdminPassword, type ServerProcess, startServerProcess } from './support/server-process.js';
import { ControllerSuite } from './support/suite.js';

const suite = new ControllerSuite('shard');
const { NS, repo, app, destNs } = suite;
const run = randomSuffix(4);
const APPS = 60;
/** Over three lease durations (8 s by default). */
const BLOCK_MS = 25_000;
const GATE = `driftless.dev/shard-hook-${run}`;
const ids = [0, 1, 2].map((i) => `r${i}-${run}`);
const replicas = new Map<string, ServerProcess>();
const dest = destNs('shard');
const names = Array.from({ length: APPS }, (_, i) => app(`s${i}`));
const gated = app('gated');
const pinned = Array.from({ length: 6 }, (_, i) => app(`pin${i}`));
const pinSecret = `in-cluster-${run}`;
const xdg = mkdtempSync(join(tmpdir(), 'driftless-e2e-shard-cli-'));
const cli = cliRunner(xdg);
let apiServer: ServerProcess | undefined;

// Each replica's shard index as Argo CD sets it on a Deployment: ARGOCD_CONTROLLER_SHARD.
const start = (id: string, index: number) =>
  startServerProcess({
    namespace: NS,
    extraArgs: [
      '--insecure',
      '--install-crds',
      '--component=application-controller',
      '--controller-replicas=3',
      `--controller-id=${id}`,
    ],
    // The test and diagnostic knob: SIGUSR2 keeps the replica's main event loop busy for 25 s.
    env: { ARGOCD_CONTROLLER_SHARD: String(index), DRIFTLESS_DIAG_BLOCK_LOOP_MS: String(BLOCK_MS) },
  });

/** What the API says of an app's or a cluster's owner (docs/sharding.md). */
interface ControllerShard {
  replica: string;
  index?: number;
  placedBy: string;
  replicas: number;
}
interface ClusterView {
  shard?: number;
  info: { controllerShard?: ControllerShard };
}

/** `driftless ARGS -o json` through the API-only process. */
async function cliJson<T>(args: string[]): Promise<T> {
  const r = await cli([...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

before(async () => {
  const files: Record<string, string> = {
    'gated/presync.yaml': job('migrate', hook('PreSync')).replace(
      '      restartPolicy: Never\n',
      `      restartPolicy: Never\n      nodeSelector: {${GATE}: "true"}\n`,
    ),
    'gated/cm.yaml': configMap(`${gated}-cm`, '1'),
  };
  for (const n of names) files[`apps/${n}/cm.yaml`] = configMap(`${n}-cm`, '1');
  repo.write(files).commit('sharding fixtures');
  const started = await Promise.all(ids.map((id, i) => start(id, i)));
  ids.forEach((id, i) => replicas.set(id, started[i] as ServerProcess));
  // The API as the install runs it: its own process, no controller, reading the shard Leases.
  apiServer = await startServerProcess({ namespace: NS, extraArgs: ['--component=server', '--insecure'] });
  await loginAdmin(cli, apiServer.url, await initialAdminPassword(NS));
  // Apps are created once all three see each other, so no app changes hands before the kill.
  for (const [id, p] of replicas)
    await waitFor(async () => members(p.output()).length === 3 || undefined, {
      what: `replica ${id} to see three members`,
      timeoutMs: 60_000,
    });
});

after(async () => {
  await kubectl(['-n', NS, 'delete', 'applications.argoproj.io', '--all', '--wait=false']);
  await Promise.all([...replicas.values()].map((p) => p.stop()));
  await apiServer?.stop();
  rmSync(xdg, { recursive: true, force: true });
  await kubectl(['label', 'node', 'kwok-node-0', `${GATE}-`]);
  await suite.namespaces.cleanup(NS);
  repo.cleanup();
});

/** The members of the replica's last "shard joined / members changed" log line. */
function members(out: string): string[] {
  let last: string[] = [];
  for (const line of out.split('\n'))
    if (line.includes('"shard joined"') || line.includes('"shard members changed"'))
      last = String((JSON.parse(line) as { members?: string }).members ?? '').split(',');
  return last.filter(Boolean);
}

/** The apps a replica reports in its argocd_app_info (each replica reports only what it owns). */
async function ownedBy(p: ServerProcess): Promise<Set<string>> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  return new Set([...text.matchAll(/^argocd_app_info\{[^}]*\bname="([^"]+)"/gm)].map((m) => m[1] ?? ''));
}

/** Every replica's owned apps, waiting until they cover `expected` exactly once between them. */
async function ownership(expected: string[]): Promise<Map<string, string>> {
  return waitFor(
    async () => {
      const owner = new Map<string, string>();
      for (const [id, p] of replicas)
        for (const name of await ownedBy(p)) {
          if (owner.has(name)) return undefined; // reported twice: wait for the grace to settle
          owner.set(name, id);
        }
      return expected.every((n) => owner.has(n)) ? owner : undefined;
    },
    { what: 'every app owned by exactly one replica', timeoutMs: 90_000 },
  );
}

/** The replicas (shard ids) that wrote the app's status or operation, from its managedFields. */
function writers(a: Application): string[] {
  const fields = (a.metadata as { managedFields?: { manager?: string }[] }).managedFields ?? [];
  return [
    ...new Set(
      fields.flatMap((f) =>
        f.manager?.startsWith('driftless-shard-') ? [f.manager.slice('driftless-shard-'.length)] : [],
      ),
    ),
  ].sort();
}

const apps = async () =>
  (
    await kubectlJson<{ items: Application[] }>([
      '-n',
      NS,
      'get',
      'applications.argoproj.io',
      '--show-managed-fields',
    ])
  ).items;

test("a cluster Secret's shard pins its apps to the replica with that index; the API and CLI name it", async () => {
  // A credential-less Secret for the in-cluster URL stands for in-cluster, as in Argo CD.
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: pinSecret,
        namespace: NS,
        labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
      },
      stringData: { name: 'in-cluster', server: 'https://kubernetes.default.svc', config: '{}', shard: '1' },
    }),
  });
  const cluster = await waitFor(
    async () => {
      const c = await cliJson<ClusterView>(['cluster', 'get', 'https://kubernetes.default.svc']);
      return c.info.controllerShard?.replica === ids[1] ? c : undefined;
    },
    { what: 'the API to name the pinned replica of in-cluster', timeoutMs: 60_000 },
  );
  assert.equal(cluster.shard, 1);
  assert.equal(cluster.info.controllerShard?.placedBy, 'shard');
  for (const n of pinned) await suite.createApp(n, `apps/${names[0]}`, dest, {});
  const owners = await ownership(pinned);
  for (const n of pinned) assert.equal(owners.get(n), ids[1], `${n} is reconciled by shard 1`);
  const list = await waitFor(
    async () => {
      const l = (await apps()).filter((a) => pinned.includes(a.metadata.name));
      return l.length === pinned.length && l.every((a) => a.status?.reconciledAt) ? l : undefined;
    },
    { what: 'the pinned apps compared', timeoutMs: 120_000 },
  );
  for (const a of list)
    assert.deepEqual(writers(a), [ids[1]], `${a.metadata.name}: written by shard 1 alone`);
  const shown = await cliJson<Application & { status: { controllerShard?: ControllerShard } }>([
    'app',
    'get',
    pinned[0] ?? '',
  ]);
  assert.deepEqual(shown.status.controllerShard, {
    replica: ids[1],
    index: 1,
    placedBy: 'shard',
    replicas: 3,
  });
  const text = await cli(['app', 'get', pinned[0] ?? '']);
  assert.match(
    text.stdout,
    new RegExp(`Controller Shard:?\\s+${ids[1]} \\(shard 1, pinned by its cluster; 3 replicas\\)`),
  );

  // Unpinned again: the apps are placed by hash; clean up so the next test starts from its own apps.
  await kubectlOk(['-n', NS, 'delete', 'secret', pinSecret]);
  await kubectlOk(['-n', NS, 'delete', 'applications.argoproj.io', ...pinned]);
  await waitFor(async () => (await apps()).every((a) => !pinned.includes(a.metadata.name)) || undefined, {
    what: 'the pinned apps deleted',
    timeoutMs: 120_000,
  });
});

test('three replicas split 60 apps; SIGKILL one: the others take its apps and finish its sync once', async () => {
  await suite.createApp(gated, 'gated', dest, { automated: { prune: true } });
  await waitForApp(NS, gated, 'PreSync hook running', (a) =>
    (a.status?.operationState?.syncResult?.resources ?? []).some(
      (r) => r.name === 'migrate' && r.hookPhase === 'Running',
    ),
  );
  for (const n of names) await suite.createApp(n, `apps/${n}`, dest, { automated: { prune: true } });
  const all = [...names, gated];
  const before = await ownership(all);
  const counts = ids.map((id) => [...before.values()].filter((o) => o === id).length);
  assert.ok(
    counts.every((c) => c > 0),
    `each replica owns some apps: ${counts}`,
  );
  await waitFor(
    async () => {
      const list = (await apps()).filter((a) => names.includes(a.metadata.name));
      return list.length === APPS && list.every((a) => a.status?.sync?.status === 'Synced')
        ? list
        : undefined;
    },
    { what: '60 apps Synced', timeoutMs: 240_000 },
  );
  for (const a of await apps())
    assert.deepEqual(
      writers(a),
      [before.get(a.metadata.name)],
      `${a.metadata.name}: only its owner wrote it`,
    );

  // Kill the replica that is running the gated sync.
  const victim = before.get(gated) ?? '';
  const victimApps = all.filter((n) => before.get(n) === victim);
  const t0 = Date.now();
  await replicas.get(victim)?.kill();
  replicas.delete(victim);
  // A new commit for every app: the victim's apps reach it only once another replica owns them.
  repo
    .write(Object.fromEntries(names.map((n) => [`apps/${n}/cm.yaml`, configMap(`${n}-cm`, '2')])))
    .commit('v2');
  const head = repo.head();
  await waitFor(
    async () => [...replicas.values()].every((p) => members(p.output()).length === 2) || undefined,
    {
      what: 'the survivors to drop the killed replica',
      timeoutMs: 60_000,
    },
  );
  const dropped = Date.now() - t0;
  const atHead = (list: Application[]) =>
    list.every((a) => a.status?.sync?.revision === head && a.status.sync.status === 'Synced');
  const mine = (a: Application) => victimApps.includes(a.metadata.name) && a.metadata.name !== gated;
  await waitFor(
    async () =>
      atHead((await apps()).filter((a) => names.includes(a.metadata.name) && !mine(a))) || undefined,
    {
      what: "the survivors' own apps at the new commit",
      timeoutMs: 180_000,
    },
  );
  const survivorsSynced = Date.now() - t0;
  await waitFor(async () => atHead((await apps()).filter(mine)) || undefined, {
    what: "the killed replica's apps synced by the others",
    timeoutMs: 180_000,
  });
  console.log(
    `takeover: members dropped the killed replica ${dropped} ms after SIGKILL; its ${victimApps.length - 1} apps ` +
      `reached the new commit at ${Date.now() - t0} ms (the survivors' own apps at ${survivorsSynced} ms)`,
  );
  const afterKill = await ownership(all);
  for (const n of all) {
    const owner = afterKill.get(n);
    assert.notEqual(owner, victim);
    if (before.get(n) !== victim) assert.equal(owner, before.get(n), `${n} stayed with its live owner`);
  }
  // The API-only process names the new owner too (from the Leases, not from any replica's memory).
  const moved = victimApps.find((n) => n !== gated) ?? gated;
  await waitFor(
    async () => {
      const a = await cliJson<{ status: { controllerShard?: ControllerShard } }>(['app', 'get', moved]);
      return a.status.controllerShard?.replica === afterKill.get(moved) || undefined;
    },
    { what: `the API to name ${afterKill.get(moved)} as the owner of ${moved}`, timeoutMs: 60_000 },
  );

  // The sync that was in flight resumes on the new owner and completes once.
  await waitForApp(NS, gated, 'resumed by the new owner', (a) =>
    /resumed/.test(a.status?.operationState?.message ?? ''),
  );
  await kubectlOk(['label', 'node', 'kwok-node-0', `${GATE}=true`, '--overwrite']);
  const done = await waitForApp(
    NS,
    gated,
    'the gated sync succeeded',
    (a) => a.status?.operationState?.phase === 'Succeeded' && a.operation === undefined,
    120_000,
  );
  assert.equal((done.status?.history ?? []).length, 1, 'one history entry');
  const pods = await kubectlJson<{ items: unknown[] }>(['-n', dest, 'get', 'pods', '-l', 'job-name=migrate']);
  assert.equal(pods.items.length, 1, 'the PreSync Job ran one pod');

  // No app was written by two live replicas: the survivors' apps by their owner alone, the victim's by
  // the victim (before it died) and then its one successor.
  for (const a of await apps()) {
    const n = a.metadata.name;
    const owner = afterKill.get(n) ?? '';
    if (before.get(n) !== victim) assert.deepEqual(writers(a), [owner], `${n}: only its owner wrote it`);
    else assert.deepEqual(writers(a), [owner, victim].sort(), `${n}: the victim, then ${owner} alone`);
  }
});

test("a replica's main event loop blocked three leases: its Lease is still renewed and nobody takes its apps", async () => {
  const [blockedId, otherId] = [...replicas.keys()];
  const blocked = replicas.get(blockedId ?? '');
  const other = replicas.get(otherId ?? '');
  assert.ok(blocked && other && blockedId && otherId, 'two live replicas after the SIGKILL test');
  const before = await ownership([...names, gated]);
  const lease = `driftless-controller-${blockedId}`;
  const renewTime = async () =>
    Date.parse(await kubectlOk(['-n', NS, 'get', 'lease', lease, '-o', 'jsonpath={.spec.renewTime}']));
  const logs = () => blocked.output().split('\n');
  // The output ends with a newline: the next line starts at the last (empty) element.
  const from = logs().length - 1;
  const otherFrom = other.output().split('\n').length - 1;
  process.kill(blocked.pid, 'SIGUSR2');
  await waitFor(
    async () =>
      logs()
        .slice(from)
        .some((l) => l.includes('blocking the main event loop')),
    {
      what: 'the replica to block its main event loop',
      timeoutMs: 30_000,
    },
  );
  const t0 = Date.now();
  // While it is blocked: its /metrics does not answer, yet its Lease keeps being renewed.
  const renewals = new Set<number>();
  await waitFor(
    async () => {
      renewals.add(await renewTime());
      return Date.now() - t0 > 14_000 || undefined;
    },
    { what: 'well over a lease of watching the Lease', timeoutMs: 60_000, intervalMs: 1_000 },
  );
  const stillBlocked = !logs()
    .slice(from)
    .some((l) => l.includes('main event loop unblocked'));
  assert.ok(stillBlocked, 'the main event loop is still blocked after 14 s');
  const answered = await fetch(`${blocked.url}/metrics`, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );
  assert.equal(answered, false, "the blocked replica's HTTP server (main thread) does not answer");
  const seen = [...renewals].filter((t) => t >= t0 - 5_000).sort((a, b) => a - b);
  assert.ok(seen.length >= 3, `renewed while blocked: ${seen.map((t) => new Date(t).toISOString())}`);
  const last = seen[seen.length - 1] ?? 0;
  assert.ok(last > t0 + 8_000, `renewed ${last - t0} ms into the block`);
  // The other replica never dropped it (no members change, two members on its /metrics).
  const otherMetrics = await (await fetch(`${other.url}/metrics`)).text();
  assert.match(otherMetrics, /^driftless_shard_members\{[^}]*\} 2$/m);
  assert.deepEqual(members(other.output()), [blockedId, otherId].sort());
  const otherLater = other.output().split('\n').slice(otherFrom);
  assert.ok(!otherLater.some((l) => l.includes('"shard members changed"')), otherLater.join('\n'));
  await waitFor(
    async () =>
      logs()
        .slice(from)
        .some((l) => l.includes('main event loop unblocked')),
    {
      what: 'the block to end',
      timeoutMs: 60_000,
    },
  );
  // Back: no re-join (the Lease never lapsed), the same apps, each still written by one replica.
  const later = logs().slice(from);
  assert.ok(!later.some((l) => l.includes('"shard joined"')), `no re-join: ${later.join('\n')}`);
  repo
    .write(Object.fromEntries(names.map((n) => [`apps/${n}/cm.yaml`, configMap(`${n}-cm`, '3')])))
    .commit('v3');
  const head = repo.head();
  const list = await waitFor(
    async () => {
      const l = (await apps()).filter((a) => names.includes(a.metadata.name));
      return l.every((a) => a.status?.sync?.revision === head && a.status.sync.status === 'Synced') && l;
    },
    { what: 'every app at the new commit after the block', timeoutMs: 180_000 },
  );
  const afterBlock = await ownership([...names, gated]);
  for (const a of list) {
    const n = a.metadata.name;
    assert.equal(afterBlock.get(n), before.get(n), `${n} kept its owner`);
    assert.ok(writers(a).includes(before.get(n) ?? ''), `${n}: written by its owner`);
    const live = writers(a).filter((w) => replicas.has(w));
    assert.deepEqual(live, [before.get(n)], `${n}: no other live replica wrote it`);
  }
});
