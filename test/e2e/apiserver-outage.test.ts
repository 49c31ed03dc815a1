// The kube-apiserver goes away under a running `driftless server` (its connection cut by a TCP relay
// the test owns; the shared control plane keeps running for everyone else): /readyz says not ready and
// why, a sync answers 503 with the reason instead of a 500, the process stays up, and when the API
// server is back everything works again without a restart.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { ApiClient, ApiClientError } from '../../src/server/api-client.js';
import { deploymentYaml } from './api-support.js';
import { e2eKubeconfig, waitFor } from './support/cluster.js';
import { withDeadline } from './support/wait.js';
import { startController, synced, waitForApp, type RunningController } from './support/controller.js';
import { operationDone, ControllerSuite } from './support/suite.js';

const s = new ControllerSuite('outage-e2e');
const work = mkdtempSync(join(tmpdir(), 'driftless-outage-'));

/** A byte relay to the API server that the test can cut (every connection dropped) and restore on the same port. */
class Relay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      // A connection accepted while the relay is being cut would keep server.close() waiting forever
      // (a watch never ends by itself): refuse it.
      if (this.server !== server) return void client.destroy();
      const upstream = net.connect(this.targetPort, this.host);
      for (const sock of [client, upstream]) {
        this.sockets.add(sock);
        sock.on('close', () => this.sockets.delete(sock));
        sock.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Stops listening and drops every connection; resolves once the port is free again. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    await closed;
  }
}

let relay: Relay;
let running: RunningController;
let admin: ApiClient;
const APP = s.app('outage');

before(async () => {
  const kc = parse(readFileSync(e2eKubeconfig(), 'utf8')) as { clusters: { cluster: { server: string } }[] };
  const cluster = kc.clusters[0]?.cluster;
  assert.ok(cluster, 'the e2e kubeconfig names a cluster');
  const target = new URL(cluster.server);
  relay = new Relay(target.hostname, Number(target.port));
  await relay.start();
  cluster.server = `https://127.0.0.1:${relay.port}`;
  const kubeconfig = join(work, 'through-relay.kubeconfig');
  writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
  s.repo.write({ 'app/deployment.yaml': deploymentYaml('outage-web', 1) });
  s.repo.commit('app');
  running = await startController({ namespace: s.NS, cluster: { kind: 'kubeconfig', path: kubeconfig } });
  admin = new ApiClient(running.url);
  await admin.login('admin', await running.server.initialAdminPassword());
  await s.createApp(APP, 'app', s.destNs('outage'));
  await waitForApp(
    s.NS,
    APP,
    'Synced (manual sync policy: compared only)',
    (a) => a.status?.sync?.status !== undefined,
  );
});

after(async () => {
  await relay.start();
  await withDeadline(() => s.teardown(running), 120_000, 'stopping the server and cleaning up');
  // A relay left listening keeps this test process alive after the last test: the run then never ends.
  await withDeadline(() => relay.cut(), 30_000, 'closing the relay');
  rmSync(work, { recursive: true, force: true });
});

// Every step has a deadline of its own; the whole test one more, so a hang fails with a name instead of stalling the run.
test(
  'with the API server unreachable: /readyz is 503 with the reason, a sync is 503 with the reason; back, both work',
  { timeout: 400_000 },
  async () => {
    assert.equal((await fetch(`${running.url}/readyz`, { signal: AbortSignal.timeout(15_000) })).status, 200);
    await withDeadline(() => relay.cut(), 30_000, 'cutting the relay');
    const notReady = await waitFor(
      async () => {
        const r = await fetch(`${running.url}/readyz`, { signal: AbortSignal.timeout(15_000) });
        return r.status === 503 ? r.text() : undefined;
      },
      { what: '/readyz to report the API server unreachable', timeoutMs: 60_000 },
    );
    assert.match(notReady, /not ready: .*(Kubernetes API|apiserver|unreachable|ECONNREFUSED)/i);
    const refused = await withDeadline(
      () => admin.syncApplication(APP),
      60_000,
      'POST sync while the API server is cut off',
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof ApiClientError, String(refused));
    assert.equal(refused.status, 503, refused.message);
    assert.match(refused.message, /Kubernetes API is unreachable/);
    assert.notEqual(refused.hint, undefined);

    await relay.start();
    await waitFor(
      async () =>
        (await fetch(`${running.url}/readyz`, { signal: AbortSignal.timeout(15_000) })).status === 200,
      {
        what: '/readyz to recover once the API server is reachable again',
        timeoutMs: 60_000,
      },
    );
    await waitFor(() => admin.syncApplication(APP).then(() => true), {
      what: 'a sync to be accepted again',
      timeoutMs: 60_000,
    });
    // The operation's end and the refresh that follows it are two status writes: wait for both.
    const done = await waitForApp(
      s.NS,
      APP,
      'the sync finished and the app compared Synced',
      (a) => operationDone(a) && synced(a),
      120_000,
    );
    assert.equal(done.status?.operationState?.phase, 'Succeeded', done.status?.operationState?.message);
  },
);
