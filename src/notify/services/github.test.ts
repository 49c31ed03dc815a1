// The GitHub commit status service: names and URLs as Argo CD derives them, the App JWT, the description cut.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { appJwt, description, repoFullName, restBase } from './github.js';

describe('GitHub service', () => {
  test('owner/repo from https, ssh and scp-like URLs (first two path segments, .git dropped)', () => {
    assert.equal(repoFullName('https://github.com/argoproj/argo-cd.git'), 'argoproj/argo-cd');
    assert.equal(repoFullName('https://git.example.com/org/app/sub/dir'), 'org/app');
    assert.equal(repoFullName('ssh://git@github.com/org/app.git'), 'org/app');
    assert.equal(repoFullName('git@github.com:org/app.git'), 'org/app');
    assert.equal(repoFullName('https://github.com/only-owner'), undefined);
    assert.equal(repoFullName('not a url'), undefined);
  });
  test('the REST base: api.github.com, or the enterprise URL with /api/v3/ added unless present', () => {
    assert.equal(restBase(undefined), 'https://api.github.com/');
    assert.equal(restBase('https://git.example.com/api/v3'), 'https://git.example.com/api/v3/');
    assert.equal(restBase('https://git.example.com'), 'https://git.example.com/api/v3/');
    assert.equal(restBase('https://api.git.example.com/'), 'https://api.git.example.com/');
  });
  test('the description is the message, cut to 140 characters with "..."', () => {
    assert.equal(description('short'), 'short');
    const long = 'é'.repeat(150);
    assert.equal(description(long), `${'é'.repeat(137)}...`);
    assert.equal([...description(long)].length, 140);
  });
  test('the App JWT is RS256 over header.payload, issued 30 s back, valid 2 minutes, issuer the app ID', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = appJwt('12345', privateKey, 1_700_000_000_500);
    const [h = '', p = '', sig = ''] = jwt.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'RS256', typ: 'JWT' });
    assert.deepEqual(JSON.parse(Buffer.from(p, 'base64url').toString()), {
      iat: 1_699_999_970,
      exp: 1_700_000_090,
      iss: '12345',
    });
    assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, 'base64url')));
  });
});
