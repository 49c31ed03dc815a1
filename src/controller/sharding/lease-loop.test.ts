// Takeover timing on an injected clock (ADR 0050): three Lease loops on one in-memory Lease store, each
// running its rounds as the worker does (every read period; a renewal every quarter lease); SIGKILL one
// and the survivors see it gone within a lease and two read periods of its last renewal, and own its
// apps the moment they do (no grace: its Lease expired, so it had fenced itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualTimers } from '../../common/timers.js';
import type { KubeClient } from '../../kube/client.js';
import { KubeApiError } from '../../kube/api-error.js';
import { ownerOf } from './assign.js';
import { LeaseLoop } from './lease-loop.js';
import type { LeaseObject } from './lease-object.js';
import { leasePeriods } from './renewals.js';
import { ShardState } from './shard-state.js';

const D = 8_000;

/** The API server's Leases: PATCH renews (404 when missing), POST creates, GET lists; every write bumps the version. */
function leaseStore() {
  const leases = new Map<string, LeaseObject>();
  const writes: { name: string; at: number }[] = [];
  let rv = 0;
  const client = (timers: ManualTimers) =>
    ({
      request: (req: { method: string; path: string; body?: unknown }) => {
        const name = req.path.split('/').at(-1) ?? '';
        if (req.method === 'GET') return Promise.resolve({ items: [...leases.values()] });
        const body = req.body as LeaseObject;
        if (req.method === 'PATCH') {
          const l = leases.get(name);
          if (!l)
            return Promise.reject(
              new KubeApiError('not found', {
                code: 404,
                reason: 'NotFound',
                method: 'PATCH',
                path: req.path,
              }),
            );
          leases.set(name, {
            ...l,
            spec: { ...l.spec, ...body.spec },
            metadata: { ...l.metadata, resourceVersion: String(++rv) },
          });
        } else
          leases.set(body.metadata.name ?? '', {
            ...body,
            metadata: { ...body.metadata, resourceVersion: String(++rv) },
          });
        writes.push({ name: name === 'leases' ? (body.metadata.name ?? '') : name, at: timers.now() });
        return Promise.resolve({});
      },
      delete: () => Promise.resolve({}),
    }) as unknown as KubeClient;
  return { client, writes };
}

/** Lets the fake requests' promises settle. */
const settle = () => new Promise((r) => setImmediate(r));

test('a SIGKILLed replica is dropped within a lease and two reads of its last renewal, and its apps are owned at once', async () => {
  const timers = new ManualTimers();
  timers.advance(1_000_000);
  const store = leaseStore();
  const loop = (id: string) =>
    new LeaseLoop({
      client: store.client(timers),
      namespace: 'argocd',
      config: { id, by: 'app', leaseDurationMs: D },
      timers,
      warn: (w) => assert.fail(w.message),
    });
  const loops = new Map(['a', 'b', 'c'].map((id) => [id, loop(id)]));
  const states = new Map([...loops.keys()].map((id) => [id, new ShardState(id, D, leasePeriods(D).fenceMs)]));
  const { readMs, renewMs } = loops.get('a')?.periods ?? assert.fail();
  assert.deepEqual([readMs, renewMs], [1_000, 2_000]);
  for (const l of loops.values()) await l.first();
  /** One read period: every live loop runs a round, and its state takes the report as the main thread does. */
  const tick = async () => {
    timers.advance(readMs);
    for (const [id, l] of loops) {
      await l.round();
      await settle();
      states.get(id)?.receive(l.report(), timers.now(), new Map());
    }
  };
  // Every member sees the others, and waits out the joins' grace.
  for (let i = 0; i < 12; i++) await tick();
  for (const l of loops.values()) assert.deepEqual(l.report().others.length, 2);
  const renewalsOf = (id: string, from: number) =>
    store.writes.filter((w) => w.name === `driftless-controller-${id}` && w.at >= from).length;
  const t = timers.now();
  for (let i = 0; i < 6; i++) await tick();
  assert.equal(renewalsOf('a', t + 1), 3, 'a renewal every quarter lease, a read every second');

  const apps = Array.from({ length: 300 }, (_, i) => `argocd/app-${i}`);
  const victims = apps.filter((a) => ownerOf(['a', 'b', 'c'], a) === 'c');
  const lastRenewal = store.writes.filter((w) => w.name === 'driftless-controller-c').at(-1)?.at ?? 0;
  loops.delete('c'); // SIGKILL: no more rounds
  const killedAt = timers.now();
  const ownedBy = (id: string) => {
    const word = loops.get(id)?.word();
    const view = word && states.get(id)?.actingView(word, timers.now());
    return victims.filter((a) => view?.owns((m) => ownerOf(m, a), timers.now()));
  };
  const dropped = new Map<string, number>();
  while (dropped.size < 2) {
    await tick();
    for (const [id, l] of loops) {
      if (l.report().others.includes('c')) {
        assert.deepEqual(ownedBy(id), [], `${id} takes none of c's apps while c may be alive`);
      } else if (!dropped.has(id)) dropped.set(id, timers.now());
    }
    assert.ok(timers.now() - killedAt < 20_000, 'dropped at last');
  }
  const droppedAt = Math.max(...dropped.values());
  assert.ok(Math.min(...dropped.values()) - lastRenewal >= D, 'not before its Lease expired');
  assert.ok(droppedAt - lastRenewal >= D, `not before its Lease expired (${droppedAt - lastRenewal} ms)`);
  assert.ok(
    droppedAt - lastRenewal <= D + 2 * readMs,
    `within a lease and two reads (${droppedAt - lastRenewal} ms)`,
  );
  // At the drop the survivors own every app of c between them, without waiting a grace.
  assert.deepEqual([...ownedBy('a'), ...ownedBy('b')].sort(), [...victims].sort());
});
