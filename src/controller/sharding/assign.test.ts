// Rendezvous hashing: every replica computes the same owner; joins and leaves move only affected apps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appShardKey, ownerOf } from './assign.js';

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

test('by cluster, all apps of one destination share an owner', () => {
  const members = ['a', 'b', 'c'];
  const key = (name: string, server: string) =>
    appShardKey('cluster', { namespace: 'argocd', name, destination: { server } });
  assert.equal(ownerOf(members, key('x', 'https://one')), ownerOf(members, key('y', 'https://one')));
  assert.equal(appShardKey('app', { namespace: 'argocd', name: 'x' }), 'argocd/x');
  assert.equal(
    appShardKey('cluster', { namespace: 'argocd', name: 'x', destination: { name: 'prod' } }),
    'name:prod',
  );
});
