import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressInterval } from './operation-status.js';

test('progress writes space out as more operations run (about five a second in all)', () => {
  assert.equal(progressInterval(1), 1_000, 'one operation: every second');
  assert.equal(progressInterval(5), 1_000);
  assert.equal(progressInterval(10), 2_000);
  assert.equal(progressInterval(20), 4_000, 'a burst of 20 first syncs: each every 4 s');
});
