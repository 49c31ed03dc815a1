// Lease expiry on this replica's clock, and the fencing rule: a new owner waits while an old one may act.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownerOf } from './assign.js';
import { Membership, ShardView } from './membership.js';

const lease = (holder: string, version: string) => ({ holder, version, durationMs: 10_000 });

test('a Lease is alive while it changes within its duration of being seen; a deleted one leaves at once', () => {
  const m = new Membership();
  m.observe([lease('a', '1'), lease('b', '1'), lease('c', '1')], 0);
  m.observe([lease('a', '2'), lease('b', '1'), lease('c', '2')], 6_000);
  assert.deepEqual(m.alive(9_999), ['a', 'b', 'c']);
  assert.deepEqual(
    m.alive(10_000),
    ['a', 'c'],
    'b stopped renewing: expired 10 s after we last saw it change',
  );
  m.observe([lease('a', '3'), lease('b', '2')], 12_000);
  assert.deepEqual(m.alive(12_000), ['a', 'b'], 'b renewed again; c deleted its Lease');
});

/** The apps `view` owns at `now` among `apps`. */
const owned = (view: ShardView, apps: string[], now: number) =>
  apps.filter((a) => view.owns((members) => ownerOf(members, a), now));
const apps = Array.from({ length: 300 }, (_, i) => `argocd/app-${i}`);

test('a joining replica waits the grace for apps that a live replica owned, then takes them', () => {
  const view = new ShardView('b', 10_000, ['a'], 1_000);
  const mine = apps.filter((a) => ownerOf(['a', 'b'], a) === 'b');
  assert.ok(mine.length > 100);
  assert.deepEqual(owned(view, apps, 1_000), [], 'a may still be reconciling them');
  assert.deepEqual(owned(view, apps, 10_999), []);
  assert.deepEqual(owned(view, apps, 11_000), mine);
  assert.equal(view.settlesAt(), 11_000);
});

test("a dead replica's apps are taken at once (its Lease expired, so it had fenced itself)", () => {
  const view = new ShardView('a', 10_000, ['b', 'c'], 0);
  const before = owned(view, apps, 20_000);
  assert.deepEqual(
    before,
    apps.filter((x) => ownerOf(['a', 'b', 'c'], x) === 'a'),
  );
  assert.ok(view.update(['a', 'c'], 30_000), 'b left');
  const after = owned(view, apps, 30_000);
  const fromB = apps.filter((x) => ownerOf(['a', 'b', 'c'], x) === 'b' && ownerOf(['a', 'c'], x) === 'a');
  assert.ok(fromB.length > 30);
  assert.deepEqual(
    after,
    [...before, ...fromB].sort((x, y) => apps.indexOf(x) - apps.indexOf(y)),
  );
  assert.equal(view.update(['c', 'a'], 31_000), false, 'same members in another order: no change');
});

test('a second change within the grace does not cut short the wait for the first', () => {
  const view = new ShardView('b', 10_000, ['a'], 1_000); // b joins beside a
  view.update(['a', 'b', 'c'], 5_000); // then c joins
  const stayed = apps.filter((x) => ownerOf(['a', 'b'], x) === 'b' && ownerOf(['a', 'b', 'c'], x) === 'b');
  assert.ok(stayed.length > 30);
  assert.deepEqual(owned(view, stayed, 5_000), [], 'a owned them until 1 s and may not have seen b yet');
  assert.deepEqual(owned(view, stayed, 11_000), stayed);
  assert.equal(view.settlesAt(), 15_000);
});

test('a cluster pinned to another replica: the old owner stops at once, the new one waits the grace', () => {
  const app = apps.find((x) => ownerOf(['a', 'b'], x) === 'a') ?? '';
  // b holds shard index 1; the app's cluster is pinned by its Secret's `shard`.
  const owner = (members: readonly string[], pins: ReadonlyMap<string, number>) =>
    pins.get('https://spoke') === 1 && members.includes('b') ? 'b' : ownerOf(members, app);
  const a = new ShardView('a', 10_000, ['b'], 0);
  const b = new ShardView('b', 10_000, ['a'], 0);
  assert.equal(a.owns(owner, 20_000), true);
  assert.equal(b.owns(owner, 20_000), false);
  const pins = new Map([['https://spoke', 1]]);
  assert.ok(a.update(['a', 'b'], 30_000, pins));
  assert.ok(b.update(['a', 'b'], 30_000, pins));
  assert.equal(a.owns(owner, 30_000), false, 'the old owner lets go at once');
  assert.equal(b.owns(owner, 30_000), false, 'the new owner waits: a may not have read the Secret yet');
  assert.equal(b.owns(owner, 40_000), true);
  assert.equal(b.update(['b', 'a'], 41_000, new Map(pins)), false, 'same members and pins: no change');
});
