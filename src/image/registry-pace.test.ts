import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualTimers } from '../common/timers.js';
import { RegistryPace } from './registry-pace.js';

/** Starts `n` waits on `host` and returns when each went through (ms on the manual clock). */
async function run(
  pace: RegistryPace,
  timers: ManualTimers,
  host: string,
  n: number,
  during?: (t: number) => void,
): Promise<number[]> {
  const done: number[] = [];
  const all = Promise.all(
    Array.from({ length: n }, () => pace.wait(host).then(() => void done.push(timers.now()))),
  );
  for (let t = 0; done.length < n && t < 120_000; t += 50) {
    during?.(timers.now());
    await new Promise((r) => setImmediate(r));
    timers.advance(50);
  }
  await all;
  return done;
}

test('pace: requests to a host are spaced by its limit; other hosts keep the default of 20 a second', async () => {
  const timers = new ManualTimers();
  const pace = new RegistryPace(timers, (h) => (h === 'slow.example.com' ? 2 : undefined));
  assert.deepEqual(await run(pace, timers, 'slow.example.com', 4), [0, 500, 1000, 1500]);
  const fast = await run(pace, timers, 'fast.example.com', 3);
  assert.ok((fast.at(-1) ?? 0) - (fast[0] ?? 0) <= 150, fast.join(','));
});

test('pace: a hold (429 Retry-After) stops every waiting request, also ones already given a slot', async () => {
  const timers = new ManualTimers();
  const pace = new RegistryPace(timers, () => 2);
  let held = false;
  const times = await run(pace, timers, 'r.example.com', 3, (t) => {
    if (!held && t >= 100) held = pace.hold('r.example.com', 3000, 0);
  });
  assert.equal(times[0], 0);
  assert.ok((times[1] ?? 0) >= 3100, times.join(','));
  assert.ok((times[2] ?? 0) - (times[1] ?? 0) >= 500, times.join(','));
});

test('pace: a fourth 429 or a wait over a minute is not retried; a hold over a minute fails requests with what to do', async () => {
  const timers = new ManualTimers();
  const pace = new RegistryPace(timers, undefined);
  assert.equal(pace.hold('r.example.com', 1000, 3), false);
  assert.equal(pace.hold('r.example.com', 3_600_000, 0), false);
  await assert.rejects(pace.wait('r.example.com'), (e: Error & { reason?: string; hint?: string }) => {
    assert.match(e.message, /registry r\.example\.com asked for no requests until .*429 Retry-After/);
    assert.equal(e.reason, 'RegistryRateLimited');
    assert.match(e.hint ?? '', /limit/);
    return true;
  });
});
