// The Lease worker's record: an unbroken run of renewals keeps its start; an answer later than a lease
// duration after the previous renewal was sent starts a new run (the main thread then re-joins).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leasePeriods, Renewals } from './renewals.js';

test('renewals answered within a lease of the previous one keep the run; a late one starts a new run', () => {
  const r = new Renewals(10_000);
  assert.equal(r.renewedAt, undefined);
  assert.equal(r.runSince, undefined);
  r.succeeded(1_000, 1_200);
  assert.deepEqual([r.renewedAt, r.runSince], [1_000, 1_000]);
  r.succeeded(3_500, 3_600);
  r.succeeded(9_000, 13_499); // failures between, but answered within a lease of the send at 3_500
  assert.deepEqual([r.renewedAt, r.runSince], [9_000, 1_000], 'the run goes on');
  // Sent in time, but answered a whole lease after the previous send: it may have landed too late.
  r.succeeded(15_000, 19_000);
  assert.deepEqual([r.renewedAt, r.runSince], [15_000, 15_000], 'a new run');
  r.succeeded(17_500, 17_600);
  assert.equal(r.runSince, 15_000);
});

test('a renewal is due a quarter lease after the last attempt, and at once after a failed one', () => {
  const r = new Renewals(8_000);
  const { renewMs, readMs, fenceMs } = leasePeriods(8_000);
  assert.deepEqual([renewMs, readMs, fenceMs], [2_000, 1_000, 5_333]);
  assert.equal(r.due(0, renewMs), true, 'never renewed');
  r.sending(0);
  r.succeeded(0, 50);
  assert.equal(r.due(1_000, renewMs), false, 'a read-only round');
  assert.equal(r.due(2_000, renewMs), true);
  r.sending(2_000); // no answer, or an error
  assert.equal(r.due(3_000, renewMs), true, 'retried at the next round');
  assert.deepEqual(
    leasePeriods(400),
    { renewMs: 200, readMs: 200, fenceMs: 266 },
    'short leases read as often as they renew',
  );
});
