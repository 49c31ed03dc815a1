// Rendezvous hashing: every replica computes the same owner; joins and leaves move only affected apps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ordinalOf, ownerOf, placeOwner, placement } from './assign.js';

const apps = Array.from({ length: 3000 }, (_, i) => `argocd/app-${i}`);
const owners = (members: string[]) => new Map(apps.map((a) => [a, ownerOf(members, a)]));

test('apps spread over the members, and the owner does not depend on member order', () => {
  const three = owners(['shard-0', 'shard-1', 'shard-2']);
  const counts = new Map<string, number>();
  for (const o of three.values()) counts.set(o ?? '', (counts.get(o ?? '') ?? 0) + 1);
  assert.equal(counts.size, 3);
  for (const n of counts.values()) assert.ok(n > 800 && n < 1200, `balanced: ${[...counts]}`);
  assert.deepEqual(owners(['shard-2', 'shard-0', 'shard-1']), three);
  assert.equal(ownerOf([], 'argocd/x'), undefined);
});

test('a member leaving moves only its own apps, each to one of the others', () => {
  const before = owners(['shard-0', 'shard-1', 'shard-2']);
  const after = owners(['shard-0', 'shard-2']);
  for (const [app, owner] of before) {
    if (owner === 'shard-1') assert.notEqual(after.get(app), 'shard-1');
    else assert.equal(after.get(app), owner, `${app} stays on ${owner}`);
  }
});

test('a member joining takes apps only from others, about its fair share', () => {
  const before = owners(['shard-0', 'shard-1']);
  const after = owners(['shard-0', 'shard-1', 'shard-2']);
  let moved = 0;
  for (const [app, owner] of before)
    if (after.get(app) !== owner) {
      assert.equal(after.get(app), 'shard-2', 'apps move only to the newcomer');
      moved++;
    }
  assert.ok(moved > 800 && moved < 1200, `about a third moved: ${moved}`);
});

test('by cluster, all apps of one destination share an owner (a resolved name counts as its URL)', () => {
  const members = ['a', 'b', 'c'];
  const key = (name: string, server: string) =>
    placement('cluster', { namespace: 'argocd', name, destination: { server } }).key;
  assert.equal(ownerOf(members, key('x', 'https://one')), ownerOf(members, key('y', 'https://one')));
  assert.equal(placement('app', { namespace: 'argocd', name: 'x' }).key, 'argocd/x');
  const byName = { namespace: 'argocd', name: 'x', destination: { name: 'prod' } };
  assert.equal(placement('cluster', byName).key, 'name:prod');
  assert.deepEqual(placement('cluster', { ...byName, server: 'https://one' }), {
    key: 'https://one',
    server: 'https://one',
  });
});

test("a pinned cluster's apps go to the member holding that shard index, else to the hash winner", () => {
  const index = new Map([
    ['ctl-0', 0],
    ['ctl-1', 1],
    ['ctl-2', 2],
  ]);
  const indexOf = (m: string) => index.get(m);
  const members = ['ctl-0', 'ctl-1', 'ctl-2'];
  const pins = new Map([['https://spoke', 1]]);
  for (const app of apps.slice(0, 200))
    for (const by of ['app', 'cluster'] as const) {
      const p = placement(by, { namespace: 'argocd', name: app, server: 'https://spoke' });
      assert.equal(placeOwner(members, indexOf, p, pins), 'ctl-1');
      // Shard 1 down: the app is not orphaned, the survivors hash it as if unpinned.
      assert.equal(placeOwner(['ctl-0', 'ctl-2'], indexOf, p, pins), ownerOf(['ctl-0', 'ctl-2'], p.key));
    }
  const other = placement('app', { namespace: 'argocd', name: 'x', server: 'https://other' });
  assert.equal(placeOwner(members, indexOf, other, pins), ownerOf(members, 'argocd/x'));
  // A pin past the replicas is held by no one: hashed, as Argo CD ignores an out-of-range shard.
  const far = placement('app', { namespace: 'argocd', name: 'x', server: 'https://spoke' });
  assert.equal(
    placeOwner(members, indexOf, far, new Map([['https://spoke', 7]])),
    ownerOf(members, 'argocd/x'),
  );
  // Two members claiming one index (ARGOCD_CONTROLLER_SHARD set alike): all agree on the smaller name.
  index.set('ctl-2', 1);
  assert.equal(placeOwner(members, indexOf, far, pins), 'ctl-1');
});

test("a replica's shard index from its StatefulSet Pod name", () => {
  assert.equal(ordinalOf('driftless-application-controller-2'), 2);
  assert.equal(ordinalOf('argocd-application-controller-10'), 10);
  assert.equal(ordinalOf('laptop'), undefined);
  assert.equal(ordinalOf('r0-ab12'), undefined);
});
