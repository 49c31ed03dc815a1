import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FreshBatches } from './fresh-batches.js';

/** A clock moved by hand, sleeps that end when the clock passes them, and calls the test answers one by one. */
function rig(spacingMs = 250) {
  let t = 1_000;
  const sleepers: { until: number; wake: () => void }[] = [];
  const calls: { startedAt: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const batches = new FreshBatches<string>({
    spacingMs,
    now: () => t,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })),
  });
  const run = () => new Promise<string>((resolve, reject) => calls.push({ startedAt: t, resolve, reject }));
  const advance = async (ms: number) => {
    t += ms;
    for (const s of sleepers.splice(0))
      if (s.until <= t) s.wake();
      else sleepers.push(s);
    await flush();
  };
  return { batches, run, calls, advance, sleepers };
}
const flush = () => new Promise<void>((r) => setImmediate(r));

test('a caller alone starts a call at once', async () => {
  const { batches, run, calls } = rig();
  const a = batches.call('k', run);
  assert.equal(calls.length, 1);
  calls[0]?.resolve('r1');
  assert.equal(await a, 'r1');
});

test('callers that ask while a call runs share the next one, which starts after it ends and the spacing', async () => {
  const { batches, run, calls, advance } = rig(250);
  const first = batches.call('k', run);
  const waiting = Array.from({ length: 5 }, () => batches.call('k', run));
  await flush();
  assert.equal(calls.length, 1, 'none of the later callers joins the call already running');
  await advance(100);
  calls[0]?.resolve('old');
  await flush();
  assert.equal(calls.length, 1, 'the next call waits for the spacing');
  await advance(150);
  assert.equal(calls.length, 2);
  assert.equal(calls[1]?.startedAt, 1_250);
  calls[1]?.resolve('new');
  assert.equal(await first, 'old');
  assert.deepEqual(await Promise.all(waiting), ['new', 'new', 'new', 'new', 'new']);
});

test('a caller after the spacing, with nothing running, starts at once; keys are apart', async () => {
  const { batches, run, calls, advance } = rig(250);
  const a = batches.call('k', run);
  const other = batches.call('other', run);
  assert.equal(calls.length, 2);
  calls[0]?.resolve('a');
  calls[1]?.resolve('b');
  assert.deepEqual(await Promise.all([a, other]), ['a', 'b']);
  await advance(300);
  const c = batches.call('k', run);
  assert.equal(calls.length, 3);
  calls[2]?.resolve('c');
  assert.equal(await c, 'c');
});

test('a failed call fails only its own callers; the next batch still runs', async () => {
  const { batches, run, calls, advance } = rig(0);
  const a = batches.call('k', run);
  const b = batches.call('k', run);
  calls[0]?.reject(new Error('unreachable'));
  await assert.rejects(a, /unreachable/);
  await advance(0);
  assert.equal(calls.length, 2);
  calls[1]?.resolve('ok');
  assert.equal(await b, 'ok');
});
