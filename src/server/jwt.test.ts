// JWT sign/verify: round trip, tampering, wrong key, expiry and not-before with an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signJwt, verifyJwt } from './jwt.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef');

test('a signed token verifies and keeps its claims', () => {
  const t = signJwt({ sub: 'alice', iat: 100, exp: 200, jti: 'x' }, key);
  assert.deepEqual(verifyJwt(t, key, 150), {
    ok: true,
    claims: { sub: 'alice', iat: 100, exp: 200, jti: 'x' },
  });
});

test('expiry and not-before are enforced', () => {
  const t = signJwt({ sub: 'a', iat: 100, exp: 200, nbf: 120 }, key);
  assert.deepEqual(verifyJwt(t, key, 200), { ok: false, reason: 'the token has expired' });
  assert.deepEqual(verifyJwt(t, key, 110), { ok: false, reason: 'the token is not valid yet' });
});

test('a token without exp never expires (API keys may be created without expiry)', () => {
  const t = signJwt({ sub: 'a', iat: 1 }, key);
  assert.equal(verifyJwt(t, key, 10 ** 10).ok, true);
});

test('tampered payload, wrong key, alg none and garbage are refused', () => {
  const t = signJwt({ sub: 'alice', iat: 1 }, key);
  const [h, , s] = t.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', iat: 1 })).toString('base64url')}.${s}`;
  assert.equal(verifyJwt(forged, key, 2).ok, false);
  assert.equal(verifyJwt(t, Buffer.from('other key'), 2).ok, false);
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${t.split('.')[1]}.`;
  assert.equal(verifyJwt(none, key, 2).ok, false);
  assert.equal(verifyJwt('not-a-token', key, 2).ok, false);
});

test('base64url is strict: a trailing `=`, stray bits, padding or other alphabets are refused', () => {
  const key = Buffer.from('k'.repeat(32));
  const token = signJwt({ sub: 'admin', iat: 1 }, key);
  const [h, p, s] = token.split('.') as [string, string, string];
  assert.ok(verifyJwt(token, key, 2).ok);
  const last = s.slice(-1);
  // The last of 43 characters carries 2 unused bits: flipping them decodes to the same bytes.
  const sibling = 'AEIMQUYcgkosw048'.includes(last)
    ? String.fromCharCode(last.charCodeAt(0) + 1)
    : String.fromCharCode(last.charCodeAt(0) - 1);
  for (const bad of [
    `${token}=`,
    `${h}.${p}.${s}==`,
    `${h}.${p}.${s.slice(0, -1)}${sibling}`,
    `${h}.${p}=.${s}`,
    `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}${/[-_]/.test(s) ? '' : '+'}`,
    `${h}.${p}.${s} `,
  ])
    assert.equal(verifyJwt(bad, key, 2).ok, false, bad);
});

test('a token verified once still expires, and stays bound to the key it was verified with', () => {
  const t = signJwt({ sub: 'a', iat: 100, exp: 200 }, key);
  assert.equal(verifyJwt(t, key, 150).ok, true);
  assert.equal(verifyJwt(t, key, 150).ok, true);
  assert.deepEqual(verifyJwt(t, key, 200), { ok: false, reason: 'the token has expired' });
  // A new signing key (rotated server.secretkey) refuses what the old one accepted.
  const rotated = Buffer.from('fedcba9876543210fedcba9876543210');
  assert.deepEqual(verifyJwt(t, rotated, 150), { ok: false, reason: 'the token signature is invalid' });
  // A different token with the same claims but another signature is checked on its own.
  const [h, p] = t.split('.');
  assert.equal(verifyJwt(`${h}.${p}.${'A'.repeat(43)}`, key, 150).ok, false);
});
