// CSRF rules on plain request objects: cookie sessions need our Origin and JSON (or the UI's header);
// bearer tokens and safe methods are not checked.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { checkCookieRequest } from './csrf.js';

const req = (method: string, headers: Record<string, string>) =>
  ({ method, headers: { host: 'driftless.local:8080', ...headers } }) as unknown as IncomingMessage;

test('a cross-site text/plain POST with the cookie is refused (CVE-2024-22424 class)', () => {
  const r = req('POST', { origin: 'http://evil.example', 'content-type': 'text/plain' });
  assert.equal(checkCookieRequest(r, 'cookie')?.status, 403);
});

test('same origin but a form content type is refused; JSON or the UI header passes', () => {
  const form = req('POST', {
    origin: 'http://driftless.local:8080',
    'content-type': 'application/x-www-form-urlencoded',
  });
  assert.equal(checkCookieRequest(form, 'cookie')?.status, 403);
  const asJson = req('POST', {
    origin: 'http://driftless.local:8080',
    'content-type': 'application/json; charset=utf-8',
  });
  assert.equal(checkCookieRequest(asJson, 'cookie'), undefined);
  const ui = req('DELETE', { 'x-requested-by': 'driftless-ui' });
  assert.equal(checkCookieRequest(ui, 'cookie'), undefined);
});

test('a JSON request from another origin is refused; Origin null too', () => {
  for (const origin of [
    'http://evil.example',
    'null',
    'http://driftless.local:8081',
    'https://driftless.local:8080.evil',
  ])
    assert.equal(
      checkCookieRequest(req('PUT', { origin, 'content-type': 'application/json' }), 'cookie')?.status,
      403,
      origin,
    );
});

test('bearer tokens and safe methods are not checked', () => {
  const r = req('POST', { origin: 'http://evil.example', 'content-type': 'text/plain' });
  assert.equal(checkCookieRequest(r, 'bearer'), undefined);
  assert.equal(checkCookieRequest(r, undefined), undefined);
  assert.equal(checkCookieRequest(req('GET', { origin: 'http://evil.example' }), 'cookie'), undefined);
});
