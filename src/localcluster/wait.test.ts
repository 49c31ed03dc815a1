import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitUntil, WaitTimeoutError, type Clock } from './wait.js';

/** A clock whose sleep advances time instantly. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 1_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

test('waitUntil returns as soon as the check passes', async () => {
  const clock = fakeClock();
  let calls = 0;
  await waitUntil(async () => ++calls === 3, { timeoutMs: 10_000, intervalMs: 500, clock, what: 'x' });
  assert.equal(calls, 3);
  assert.deepEqual(clock.slept, [500, 500]);
});

test('waitUntil times out at the deadline with what it waited for', async () => {
  const clock = fakeClock();
  await assert.rejects(
    waitUntil(async () => false, { timeoutMs: 2_000, intervalMs: 500, clock, what: 'the apiserver' }),
    (e: unknown) => e instanceof WaitTimeoutError && /the apiserver/.test(e.message),
  );
  assert.equal(clock.slept.length, 4);
});

test('a throwing check counts as not ready yet', async () => {
  const clock = fakeClock();
  let calls = 0;
  await waitUntil(
    async () => {
      if (++calls < 2) throw new Error('connection refused');
      return true;
    },
    { timeoutMs: 5_000, clock, what: 'x' },
  );
  assert.equal(calls, 2);
});
