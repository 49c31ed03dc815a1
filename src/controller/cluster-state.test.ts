// Cluster connection state: backoff doubles per failure up to the cap and resets on success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failed, initialState, mayRetry, succeeded } from './cluster-state.js';

test('failures back off exponentially to the cap; success resets', () => {
  const b = { baseMs: 1_000, maxMs: 5_000 };
  let s = initialState();
  assert.equal(mayRetry(s, 0), true);
  s = failed(s, 0, 'connection refused', b);
  assert.equal(s.status, 'Failed');
  assert.equal(s.retryAt, 1_000);
  assert.equal(mayRetry(s, 999), false);
  assert.equal(mayRetry(s, 1_000), true);
  s = failed(s, 1_000, 'again', b);
  assert.equal(s.retryAt, 3_000);
  s = failed(s, 3_000, 'again', b);
  s = failed(s, 7_000, 'again', b);
  assert.equal(s.retryAt, 12_000);
  s = succeeded(s, 12_000, 'v1.31.0');
  assert.deepEqual(s, {
    status: 'Successful',
    message: '',
    failures: 0,
    retryAt: 0,
    serverVersion: 'v1.31.0',
    lastCacheSyncAt: 12_000,
  });
  assert.equal(failed(s, 13_000, 'x', b).retryAt, 14_000);
});
