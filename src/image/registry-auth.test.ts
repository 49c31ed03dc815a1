import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchToken, retryAfterMs, type Send } from './registry-auth.js';

test('Retry-After: delta seconds or an HTTP date, relative to now; absent or unreadable is undefined', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  assert.equal(retryAfterMs('3', now), 3000);
  assert.equal(retryAfterMs(['0'], now), 0);
  assert.equal(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('Mon, 30 Nov 2026 11:00:00 GMT', now), 0);
  assert.equal(retryAfterMs(undefined, now), undefined);
  assert.equal(retryAfterMs('soon', now), undefined);
});

const challenge =
  'Bearer realm="https://auth.example.com:8443/token",service="registry.example.com",scope="repository:team/api:pull"';

test('token flow: the realm is asked with the service, the scope and basic credentials; expires_in is kept minus 10 s', async () => {
  const asked: Parameters<Send>[] = [];
  const send: Send = async (...a) => {
    asked.push(a);
    return { status: 200, headers: {}, body: Buffer.from('{"token":"tok","expires_in":300}') };
  };
  const t = await fetchToken(send, 1000, 'registry.example.com', challenge, 'team/api', {
    username: 'u',
    password: 'p',
  });
  assert.deepEqual(t, { token: 'tok', until: 1000 + 290_000 });
  const [host, path, , auth] = asked[0] ?? [];
  assert.equal(host, 'auth.example.com:8443');
  assert.equal(path, '/token?service=registry.example.com&scope=repository%3Ateam%2Fapi%3Apull');
  assert.equal(auth, `Basic ${Buffer.from('u:p').toString('base64')}`);
  const noExpiry: Send = async () => ({
    status: 200,
    headers: {},
    body: Buffer.from('{"access_token":"a"}'),
  });
  assert.deepEqual(await fetchToken(noExpiry, 0, 'r', challenge, 'team/api'), { token: 'a', until: 50_000 });
});

test('token flow: a refusal names the registry, the token service and the user, with what to do', async () => {
  const refuse: Send = async () => ({ status: 401, headers: {}, body: Buffer.from('') });
  await assert.rejects(
    fetchToken(refuse, 0, 'registry.example.com', challenge, 'team/api', { username: 'bob', password: 'x' }),
    (e: Error & { hint?: string; reason?: string }) =>
      /registry registry\.example\.com \(https:\/\/auth\.example\.com:8443\/token\) refused user bob for team\/api \(HTTP 401\)/.test(
        e.message,
      ) &&
      e.reason === 'RegistryAuth' &&
      /pull-secret/.test(e.hint ?? ''),
  );
  const empty: Send = async () => ({ status: 200, headers: {}, body: Buffer.from('{}') });
  await assert.rejects(fetchToken(empty, 0, 'r', challenge, 'team/api'), /answered no token/);
});
