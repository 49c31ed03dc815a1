import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compress, EncodedBodies, negotiateEncoding, notModified } from './http-encoding.js';

test('br is preferred, q-values decide, q=0 refuses, identity is no encoding', () => {
  assert.equal(negotiateEncoding('gzip, deflate, br'), 'br');
  assert.equal(negotiateEncoding('gzip'), 'gzip');
  assert.equal(negotiateEncoding('br;q=0.5, gzip;q=0.8'), 'gzip');
  assert.equal(negotiateEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(negotiateEncoding('identity'), undefined);
  assert.equal(negotiateEncoding('*'), 'br');
  assert.equal(negotiateEncoding('*, br;q=0'), 'gzip');
  assert.equal(negotiateEncoding(undefined), undefined);
  assert.equal(negotiateEncoding(''), undefined);
});

test('compressed bodies decompress to the original', async () => {
  const body = Buffer.from(
    JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ name: `app-${i}` })) }),
  );
  assert.deepEqual(gunzipSync(await compress(body, 'gzip')), body);
  const br = await compress(body, 'br');
  assert.ok(br.length < body.length / 4);
  assert.deepEqual(brotliDecompressSync(br), body);
});

test('If-None-Match matches weak and strong forms, lists and *', () => {
  const req = (h?: string) => ({ headers: h === undefined ? {} : { 'if-none-match': h } }) as IncomingMessage;
  assert.equal(notModified(req('W/"abc"'), 'W/"abc"'), true);
  assert.equal(notModified(req('"abc"'), 'W/"abc"'), true);
  assert.equal(notModified(req('"x", W/"abc"'), 'W/"abc"'), true);
  assert.equal(notModified(req('*'), 'W/"abc"'), true);
  assert.equal(notModified(req('W/"abd"'), 'W/"abc"'), false);
  assert.equal(notModified(req(), 'W/"abc"'), false);
});

test('requests for the same ETag share one compression', async () => {
  const shared = new EncodedBodies(2);
  let built = 0;
  const body = () => (built++, Buffer.from('x'.repeat(5000)));
  const [a, b] = await Promise.all([shared.get('W/"1"', 'gzip', body), shared.get('W/"1"', 'gzip', body)]);
  assert.equal(built, 1);
  assert.equal(a, b);
  await shared.get('W/"1"', 'br', body);
  await shared.get('W/"2"', 'br', body);
  await shared.get('W/"1"', 'gzip', body); // evicted by the two newer entries
  assert.equal(built, 4);
});

test('bodies for clients without compression are shared too, and the cache keeps to its byte budget', async () => {
  const shared = new EncodedBodies(10, 12_000);
  let built = 0;
  const body = () => (built++, Buffer.from('y'.repeat(5000)));
  const a = await shared.get('W/"1"', undefined, body);
  assert.equal((await shared.get('W/"1"', undefined, body)).toString(), a.toString());
  assert.equal(built, 1);
  await shared.get('W/"2"', undefined, body);
  await shared.get('W/"3"', undefined, body); // 15,000 bytes > 12,000: the oldest (1) goes
  await shared.get('W/"3"', undefined, body);
  await shared.get('W/"2"', undefined, body);
  assert.equal(built, 3);
  await shared.get('W/"1"', undefined, body);
  assert.equal(built, 4);
});
