// The sealed login state: round trip, tampering, another server's key, expiry; only local return paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLogin, safeReturnUrl, sealLogin, type PendingLogin } from './oidc-state.js';

const key = Buffer.from('a'.repeat(32));
const pending: PendingLogin = {
  state: 's',
  nonce: 'n',
  verifier: 'v',
  returnUrl: '/applications',
  exp: 1000,
};

test('a sealed login opens with the same key before it expires', () => {
  const sealed = sealLogin(pending, key);
  assert.ok(!sealed.includes('verifier'), 'the content is not readable');
  assert.deepEqual(openLogin(sealed, key, 999), pending);
  assert.equal(openLogin(sealed, key, 1000), 'the login took too long');
});

test('a tampered cookie, or one sealed by another key, is refused', () => {
  const sealed = Buffer.from(sealLogin(pending, key), 'base64url');
  sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
  assert.match(String(openLogin(sealed.toString('base64url'), key, 1)), /not issued by this server/);
  const other = sealLogin(pending, Buffer.from('b'.repeat(32)));
  assert.match(String(openLogin(other, key, 1)), /not issued by this server/);
  assert.match(String(openLogin('abc', key, 1)), /malformed/);
});

test('return URLs: local paths only (no open redirect)', () => {
  assert.equal(safeReturnUrl('/applications/web?x=1'), '/applications/web?x=1');
  for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:x'])
    assert.equal(safeReturnUrl(bad), '/');
});
