// bench/shard-writes.ts: writers told from managedFields, and the double-writer check failing on the
// cases it exists for (and passing on a clean takeover).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWrites, writersBetween, type AppWrite, type ManagedEntry } from '../../bench/shard-writes.js';

const entry = (
  id: string,
  time: string,
  sub?: string,
  fields: unknown = { 'f:status': { 'f:a': {} } },
): ManagedEntry => ({
  manager: `driftless-shard-${id}`,
  operation: 'Update',
  time,
  fieldsV1: fields,
  ...(sub ? { subresource: sub } : {}),
});

test('writersBetween names the replicas whose entries are new or changed, and only those', () => {
  const before = [entry('r0', '2026-11-30T16:00:00Z', 'status'), { manager: 'kubectl-annotate', time: 'x' }];
  assert.deepEqual(writersBetween(before, before), []);
  assert.deepEqual(writersBetween(before, [entry('r0', '2026-11-30T16:00:01Z', 'status')]), [
    { writer: 'r0', serverAt: Date.parse('2026-11-30T16:00:01Z') },
  ]);
  // New fields at the same second, a new entry for the main resource, another manager ignored.
  const after = [
    entry('r0', '2026-11-30T16:00:00Z', 'status', { 'f:status': { 'f:a': {}, 'f:b': {} } }),
    entry('r1', '2026-11-30T16:00:02Z'),
    { manager: 'kubectl-annotate', time: 'y' },
  ];
  assert.deepEqual(
    writersBetween(before, after).map((w) => w.writer),
    ['r0', 'r1'],
  );
  assert.deepEqual(writersBetween(undefined, undefined), []);
  // r1's write took f:a from r0: r0's entry shrank, same time: r0 did not write.
  const r0 = entry('r0', '2026-11-30T16:00:00Z', 'status', { 'f:status': { 'f:a': {}, 'f:b': {} } });
  const shrunk = entry('r0', '2026-11-30T16:00:00Z', 'status', { 'f:status': { 'f:b': {} } });
  const r1 = entry('r1', '2026-11-30T16:00:03Z', 'status', { 'f:status': { 'f:a': {} } });
  assert.deepEqual(
    writersBetween([r0], [shrunk, r1]).map((w) => w.writer),
    ['r1'],
  );
  // The same second, a field it did not hold: a write.
  assert.deepEqual(
    writersBetween([shrunk], [r0]).map((w) => w.writer),
    ['r0'],
  );
});

const KILL = 100_000;
const before = new Map([
  ['a', 'r0'],
  ['b', 'r1'],
]);
const after = new Map([
  ['a', 'r2'],
  ['b', 'r1'],
]);
const w = (app: string, writer: string, seenAt: number, serverAt?: number): AppWrite => ({
  app,
  writer,
  seenAt,
  serverAt,
});
const check = (writes: AppWrite[]) => checkWrites({ writes, killedAt: KILL, victim: 'r0', before, after });

test('a clean takeover passes: the victim before the kill, its successor after, the others alone', () => {
  assert.deepEqual(
    check([
      w('a', 'r0', KILL - 2000),
      w('a', 'r2', KILL + 9000),
      w('a', 'r2', KILL + 9500),
      w('b', 'r1', KILL + 1),
    ]),
    [],
  );
});

test('writers interleaving on one app fail the check', () => {
  const bad = check([w('a', 'r0', KILL - 3000), w('a', 'r2', KILL + 9000), w('a', 'r0', KILL + 9100)]);
  assert.equal(bad.length, 1);
  assert.match(bad[0]?.why ?? '', /interleaved: r0 → r2 → r0/);
});

test('a successor writing before the kill fails, seen before it or stamped a whole second before it', () => {
  assert.match(check([w('a', 'r2', KILL - 1)])[0]?.why ?? '', /r2 wrote it before r0 was killed/);
  assert.match(check([w('a', 'r2', KILL + 500, KILL - 1000)])[0]?.why ?? '', /before r0 was killed/);
  // Stamped within the second of the kill: the stamp is floored, so it may be after it.
  assert.deepEqual(check([w('a', 'r2', KILL + 500, KILL - 999)]), []);
});

test('a replica that owned the app neither before nor after fails the check', () => {
  const bad = check([w('b', 'r1', KILL - 10), w('b', 'r2', KILL + 10_000)]);
  assert.deepEqual(bad, [{ app: 'b', why: 'written by r2, owned by r1' }]);
  assert.equal(check([w('a', 'r1', KILL + 10_000)])[0]?.why, 'written by r1, owned by r0 then r2');
});
