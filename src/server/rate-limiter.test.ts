// The failed-login limiter with an injected clock: locks after N failures, unlocks when the window passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FailureLimiter } from './rate-limiter.js';

test('locks after maxFailures within the window and unlocks as failures age out', () => {
  let now = 0;
  const l = new FailureLimiter({ maxFailures: 3, windowMs: 1000, now: () => now });
  l.fail('alice');
  now = 100;
  l.fail('alice');
  assert.equal(l.retryAfterMs('alice'), 0);
  now = 200;
  l.fail('alice');
  assert.equal(l.retryAfterMs('alice'), 800); // the first failure (t=0) ages out at 1000
  assert.equal(l.retryAfterMs('bob'), 0);
  now = 1000;
  assert.equal(l.retryAfterMs('alice'), 0);
});

test('a success clears the key', () => {
  const l = new FailureLimiter({ maxFailures: 1, windowMs: 1000, now: () => 0 });
  l.fail('k');
  assert.ok(l.retryAfterMs('k') > 0);
  l.succeed('k');
  assert.equal(l.retryAfterMs('k'), 0);
});

test('memory is bounded by maxKeys', () => {
  const l = new FailureLimiter({ maxFailures: 1, windowMs: 1000, now: () => 0, maxKeys: 2 });
  l.fail('a');
  l.fail('b');
  l.fail('c');
  assert.equal(l.retryAfterMs('a'), 0);
  assert.ok(l.retryAfterMs('c') > 0);
});
