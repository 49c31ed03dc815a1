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
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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
  await s.teardown(running);
  rmSync(work, { recursive: true, force: true });
});

test('with the API server unreachable: /readyz is 503 with the reason, a sync is 503 with the reason; back, both work', async () => {
  assert.equal((await fetch(`${running.url}/readyz`)).status, 200);
  await relay.cut();
  const notReady = await waitFor(
    async () => {
      const r = await fetch(`${running.url}/readyz`);
      return r.status === 503 ? r.text() : undefined;
    },
    { what: '/readyz to report the API server unreachable', timeoutMs: 60_000 },
  );
  assert.match(notReady, /not ready: .*(Kubernetes API|apiserver|unreachable|ECONNREFUSED)/i);
  const refused = await admin.syncApplication(APP).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(refused instanceof ApiClientError, String(refused));
  assert.equal(refused.status, 503, refused.message);
  assert.match(refused.message, /Kubernetes API is unreachable/);
  assert.notEqual(refused.hint, undefined);

  await relay.start();
  await waitFor(async () => (await fetch(`${running.url}/readyz`)).status === 200, {
    what: '/readyz to recover once the API server is reachable again',
    timeoutMs: 60_000,
  });
  await waitFor(() => admin.syncApplication(APP).then(() => true), {
    what: 'a sync to be accepted again',
    timeoutMs: 60_000,
  });
  const done = await waitForApp(s.NS, APP, 'the sync finished', operationDone, 120_000);
  assert.equal(done.status?.operationState?.phase, 'Succeeded', done.status?.operationState?.message);
  assert.ok(synced(done));
});
