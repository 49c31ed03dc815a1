// The main thread acts only on the Lease worker's fresh word, read from shared memory when it decides:
// fenced when the renewal or the read of the Leases is older than the fence time, held back while a
// newer report of the members is unread, resumed without a new grace while the renewals ran unbroken,
// re-joined (with the grace) when they did not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownerOf } from './assign.js';
import { ShardState, type LeaseReport, type LeaseWord } from './shard-state.js';

const D = 12_000;
const FENCE = 8_000;
const report = (version: number, others: string[], runSince = 0): LeaseReport => ({
  version,
  runSince,
  others,
  indices: [],
});
const word = (version: number, at: number, renewedAt = at): LeaseWord => ({
  version,
  renewedAt,
  observedAt: at,
});
const apps = Array.from({ length: 200 }, (_, i) => `argocd/app-${i}`);
const owned = (s: ShardState, w: LeaseWord, now: number) => {
  const v = s.actingView(w, now);
  return v ? apps.filter((a) => v.owns((m) => ownerOf(m, a), now)) : [];
};
const none = new Map<string, number>();

test('joins on the first report and acts only while the renewal and the read are fresh', () => {
  const s = new ShardState('b', D, FENCE);
  assert.equal(s.actingView(word(0, 0), 0), undefined, 'nothing heard yet');
  assert.deepEqual(s.receive(report(1, []), 0, none), { kind: 'joined', rejoined: false });
  assert.equal(s.check(word(1, 0), 0), undefined, 'joined and fresh: no event');
  assert.equal(owned(s, word(1, 0), 100).length, apps.length, 'alone: every app');
  assert.equal(owned(s, word(1, 0), FENCE - 1).length, apps.length);
  // The renewals stopped (the API server unreachable): acts on nothing, says so once.
  assert.deepEqual(s.check(word(1, 1_000, 0), FENCE), { kind: 'fenced', why: 'renewal', ageMs: FENCE });
  assert.equal(s.check(word(1, 1_000, 0), FENCE + 1), undefined);
  assert.deepEqual(owned(s, word(1, 1_000, 0), FENCE), []);
  // Renewed, but the Leases not read: fenced too.
  assert.deepEqual(owned(s, word(1, 0, FENCE), FENCE), []);
  // Both fresh again, the run unbroken (same version): acts at once, no grace.
  assert.deepEqual(s.check(word(1, FENCE), FENCE + 2), { kind: 'resumed' });
  assert.equal(owned(s, word(1, FENCE), FENCE + 2).length, apps.length);
});

test('an event loop blocked longer than a lease acts again at once when the worker kept renewing', () => {
  const s = new ShardState('b', D, FENCE);
  s.receive(report(1, []), 0, none);
  // Blocked 30 s: nothing ran here, but the worker's word in shared memory is fresh when it looks.
  assert.equal(s.check(word(1, 29_500), 30_000), undefined, 'no fence, no re-join');
  assert.equal(owned(s, word(1, 29_500), 30_000).length, apps.length);
});

test('a newer report not yet read holds the replica back; once read, the newcomer has its apps', () => {
  const s = new ShardState('a', D, FENCE);
  s.receive(report(1, []), 0, none);
  const cs = apps.filter((x) => ownerOf(['a', 'c'], x) === 'c');
  // c joined while this loop was blocked; the worker saw it (version 2) but its message is unread.
  assert.deepEqual(owned(s, word(2, 19_800), 20_000), [], 'acts on nothing until it reads the report');
  assert.equal(s.check(word(2, 19_800), 20_000), undefined, 'an unread report is no fence');
  assert.deepEqual(s.receive(report(2, ['c']), 20_001, none), { kind: 'members' });
  const mine = owned(s, word(2, 19_800), 20_001);
  assert.ok(
    cs.every((x) => !mine.includes(x)),
    "c's apps are c's",
  );
  assert.equal(mine.length, apps.length - cs.length);
  assert.equal(s.receive(report(1, []), 20_002, none), undefined, 'an older report read late is ignored');
  assert.equal(owned(s, word(2, 19_800), 20_002).length, mine.length);
});

test('renewals that broke (a new run) re-join: the grace is waited again', () => {
  const s = new ShardState('b', D, FENCE);
  s.receive(report(1, ['a']), 0, none);
  assert.deepEqual(owned(s, word(1, 0), 0), [], 'a owned everything when b joined');
  assert.ok(owned(s, word(1, D), D).length > 0, 'after the grace, b has its share');
  assert.deepEqual(s.receive(report(2, ['a'], 29_000), 30_000, none), { kind: 'joined', rejoined: true });
  assert.deepEqual(owned(s, word(2, 30_000), 30_000), [], 'a may have taken them: wait the grace again');
  assert.ok(owned(s, word(2, 30_000 + D), 30_000 + D).length > 0);
});

test('a restarted worker counts versions from the start again and re-joins', () => {
  const s = new ShardState('b', D, FENCE);
  s.receive(report(5, []), 0, none);
  s.restart();
  assert.deepEqual(owned(s, word(0, 1_000), 1_000), [], 'nothing before the new worker reports');
  assert.deepEqual(s.receive(report(1, [], 900), 1_000, none), { kind: 'joined', rejoined: true });
  assert.equal(owned(s, word(1, 1_000), 1_001).length, apps.length);
});
