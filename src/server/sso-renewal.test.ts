// When a browser's SSO session is renewed, and when the CLI renews its own: decided on plain tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueToken } from './auth.js';
import { renewalDue } from './api-client-base.js';
import { openRefresh, sealRefresh, openLogin } from './oidc-state.js';
import { dueForRenewal } from './sso-renewal.js';

const key = Buffer.from('k'.repeat(32));
const sso = { iss: 'https://idp.example', groups: ['viewers'] };

test('a browser SSO session is due in the last quarter of its life, when expired or absent; local sessions never', () => {
  const { token } = issueToken(key, 'alice', 1000, { ttlSec: 400, sso });
  assert.equal(dueForRenewal(token, key, 1000), false);
  assert.equal(dueForRenewal(token, key, 1299), false);
  assert.equal(dueForRenewal(token, key, 1301), true, 'last quarter');
  assert.equal(dueForRenewal(token, key, 1400), true, 'expired');
  assert.equal(dueForRenewal(undefined, key, 1000), true, 'only the refresh cookie is left');
  assert.equal(dueForRenewal(token, Buffer.from('x'.repeat(32)), 1000), true, 'not ours to read');
  const local = issueToken(key, 'admin', 1000, { ttlSec: 400 }).token;
  assert.equal(dueForRenewal(local, key, 1399), false);
});

test('the CLI renews in the last minute, or the last quarter of a short session; not a token without expiry', () => {
  const day = issueToken(key, 'u', 1000, { ttlSec: 86_400, sso }).token;
  assert.equal(renewalDue(day, 1000 + 86_400 - 61), false);
  assert.equal(renewalDue(day, 1000 + 86_400 - 59), true);
  const short = issueToken(key, 'u', 1000, { ttlSec: 20, sso }).token;
  assert.equal(renewalDue(short, 1014), false);
  assert.equal(renewalDue(short, 1016), true);
  assert.equal(renewalDue(issueToken(key, 'u', 1000).token, 9_999_999), false);
  assert.equal(renewalDue('not-a-jwt', 1000), false);
});

test('a sealed refresh token opens only with its key and purpose, and hides the token', () => {
  const held = { refreshToken: 'rt-secret-value', sub: 'alice', iss: 'https://idp.example' };
  const sealed = sealRefresh(held, key);
  assert.ok(!Buffer.from(sealed, 'base64url').toString('latin1').includes('rt-secret-value'));
  assert.deepEqual(openRefresh(sealed, key), held);
  assert.equal(openRefresh(sealed, Buffer.from('x'.repeat(32))), undefined);
  assert.match(String(openLogin(sealed, key, 0)), /not issued by this server/, 'not a login state');
});
