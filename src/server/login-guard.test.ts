// Login limits with an injected clock: counted before the comparison, and a locked address does
// not lock out a user it never failed on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginGuard } from './login-guard.js';

test('parallel wrong passwords for one user: only the first five reach the comparison', () => {
  const g = new LoginGuard({ now: () => 0 });
  const admitted = Array.from({ length: 100 }, () => g.admit('admin', '10.0.0.1')).filter((a) => a.ok);
  assert.equal(admitted.length, 5);
});

test('a right password settles its attempt: no failure remains counted', () => {
  const g = new LoginGuard({ now: () => 0 });
  for (let i = 0; i < 10; i++) {
    const a = g.admit('admin', 'addr');
    assert.ok(a.ok, `attempt ${i}`);
    g.settle(a.ticket, true);
  }
});

test('a locked user waits out the window (Argo CD: 5 failures in 300 s)', () => {
  let now = 0;
  const g = new LoginGuard({ now: () => now });
  for (let i = 0; i < 5; i++) {
    const a = g.admit('alice', `addr-${i}`);
    assert.ok(a.ok);
    g.settle(a.ticket, false);
  }
  const locked = g.admit('alice', 'elsewhere');
  assert.ok(!locked.ok && locked.retryAfterMs === 300_000 && /user/.test(locked.why));
  now = 300_000;
  assert.ok(g.admit('alice', 'elsewhere').ok);
});

test('a locked address still lets a different user with no failures from it log in', () => {
  const g = new LoginGuard({ now: () => 0, maxAddressFailures: 3 });
  for (const u of ['u1', 'u2', 'u3']) {
    const a = g.admit(u, 'shared-proxy');
    assert.ok(a.ok);
    g.settle(a.ticket, false);
  }
  const again = g.admit('u1', 'shared-proxy');
  assert.ok(!again.ok && /address/.test(again.why), 'the address is locked for users it failed on');
  const admin = g.admit('admin', 'shared-proxy');
  assert.ok(admin.ok, 'a different user is still evaluated');
  g.settle(admin.ticket, true);
});

test('concurrent comparisons are capped', () => {
  const g = new LoginGuard({ now: () => 0, maxConcurrent: 2 });
  assert.ok(g.admit('a', '1').ok);
  assert.ok(g.admit('b', '2').ok);
  const third = g.admit('c', '3');
  assert.ok(!third.ok && /concurrent/.test(third.why));
});
