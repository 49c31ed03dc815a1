import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './work-queue.js';
import { ManualTimers } from '../common/timers.js';

test('a key is queued once however often it is added', async () => {
  const q = new WorkQueue(new ManualTimers());
  q.add('a');
  q.add('a');
  q.add('b');
  assert.equal(q.length, 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
});

test('a key added while processing is processed again afterwards, never concurrently', async () => {
  const q = new WorkQueue(new ManualTimers());
  q.add('a');
  const k = await q.get();
  q.add('a');
  assert.equal(q.length, 0, 'not queued while in flight');
  q.done(k ?? '');
  assert.equal(q.length, 1);
});

test('delayed adds fire when the clock reaches them; the earliest delay wins', () => {
  const timers = new ManualTimers();
  const q = new WorkQueue(timers);
  q.addAfter('a', 1000);
  q.addAfter('a', 5000);
  timers.advance(999);
  assert.equal(q.length, 0);
  timers.advance(1);
  assert.equal(q.length, 1);
  assert.equal(timers.pendingCount, 0);
});

test('a direct add cancels a pending delayed add', () => {
  const timers = new ManualTimers();
  const q = new WorkQueue(timers);
  q.addAfter('a', 1000);
  q.add('a');
  assert.equal(timers.pendingCount, 0);
  assert.equal(q.length, 1);
});

test('rate-limited adds back off exponentially up to the cap, and forget resets', () => {
  const q = new WorkQueue(new ManualTimers(), { baseMs: 100, maxMs: 1000 });
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => q.addRateLimited('a')),
    [100, 200, 400, 800, 1000],
  );
  q.forget('a');
  assert.equal(q.addRateLimited('a'), 100);
});

test('run processes every key with bounded concurrency and stops on shutdown', async () => {
  const q = new WorkQueue(new ManualTimers());
  let active = 0;
  let maxActive = 0;
  const seen: string[] = [];
  for (const k of ['a', 'b', 'c', 'd', 'e']) q.add(k);
  const running = q.run(2, async (key) => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((r) => setImmediate(r));
    seen.push(key);
    active--;
    if (seen.length === 5) q.shutdown();
  });
  await running;
  assert.deepEqual(seen.sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(maxActive, 2);
});

test('each key reports its time in the queue, counted from the add that queued it', async () => {
  const timers = new ManualTimers();
  const q = new WorkQueue(timers);
  const waits: [string, number][] = [];
  const off = q.onWait((ms, key) => waits.push([key, ms]));
  q.add('a');
  timers.advance(300);
  q.add('b');
  q.add('a'); // already queued: its wait still counts from the first add
  timers.advance(200);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  // Added again while in flight: queued (and timed) from the moment it is done.
  q.add('b');
  timers.advance(1_000);
  q.done('b');
  timers.advance(50);
  assert.equal(await q.get(), 'b');
  off();
  q.add('c');
  await q.get();
  assert.deepEqual(waits, [
    ['a', 500],
    ['b', 200],
    ['b', 50],
  ]);
  assert.equal(q.adds, 4);
});

test('an urgent add is taken before every key of the normal lane, in its own order', async () => {
  const q = new WorkQueue(new ManualTimers());
  for (const k of ['a', 'b', 'c']) q.add(k);
  q.add('x', { urgent: true });
  q.add('y', { urgent: true });
  assert.equal(q.length, 5);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['x', 'y', 'a']);
});

test('a key already queued moves up on an urgent add, counted once and timed from its first add', async () => {
  const timers = new ManualTimers();
  const q = new WorkQueue(timers);
  const waits: [string, number][] = [];
  q.onWait((ms, key) => waits.push([key, ms]));
  q.add('a');
  q.add('b');
  timers.advance(100);
  q.add('b', { urgent: true });
  q.add('b', { urgent: true });
  q.add('b'); // a normal add does not move it back
  timers.advance(10);
  assert.equal(q.length, 2);
  assert.deepEqual([await q.get(), await q.get()], ['b', 'a']);
  assert.deepEqual(waits, [
    ['b', 110],
    ['a', 110],
  ]);
  assert.equal(q.adds, 2);
});

test('an urgent add while the key is processed queues it urgently when done', async () => {
  const q = new WorkQueue(new ManualTimers());
  q.add('a');
  const k = await q.get();
  q.add('b');
  q.add('a', { urgent: true });
  q.add('a'); // a later normal add keeps the urgency
  assert.equal(q.isQueued('a'), false, 'in flight, not queued');
  q.done(k ?? '');
  assert.equal(q.isQueued('a'), true);
  assert.deepEqual([await q.get(), await q.get()], ['a', 'b']);
});

test('an urgent add cancels a pending delayed add of the key', () => {
  const timers = new ManualTimers();
  const q = new WorkQueue(timers);
  q.addAfter('a', 1_000);
  q.add('a', { urgent: true });
  assert.equal(timers.pendingCount, 0);
  assert.equal(q.isQueued('a'), true);
});
