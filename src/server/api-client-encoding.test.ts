// The API client asks for compressed answers and reads br and gzip; an encoding it cannot read is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ApiClient } from './api-client.js';

const LIST = { metadata: {}, items: [{ metadata: { name: 'web' }, spec: {}, status: {} }] };

async function withServer(
  answer: (headers: IncomingHttpHeaders) => { encoding?: string; body: Buffer },
  run: (url: string) => Promise<void>,
): Promise<void> {
  const server = createServer((req, res) => {
    const { encoding, body } = answer(req.headers);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('the client sends Accept-Encoding and decodes br and gzip; without it, plain JSON', async () => {
  const json = Buffer.from(JSON.stringify(LIST));
  const seen: (string | undefined)[] = [];
  await withServer(
    (h) => {
      seen.push(h['accept-encoding']);
      const accept = h['accept-encoding'] ?? '';
      if (accept.includes('br') && seen.length === 1)
        return { encoding: 'br', body: brotliCompressSync(json) };
      if (accept.includes('gzip')) return { encoding: 'gzip', body: gzipSync(json) };
      return { body: json };
    },
    async (url) => {
      const client = new ApiClient(url, 't');
      assert.deepEqual(await client.listApplications(), LIST); // br
      assert.deepEqual(await client.listApplications(), LIST); // gzip
      client.acceptEncoding = undefined;
      assert.deepEqual(await client.listApplications(), LIST); // identity
      client.close();
    },
  );
  assert.deepEqual(seen, ['br, gzip', 'br, gzip', undefined]);
});

test('an answer in an encoding the client did not offer is an error that says so', async () => {
  await withServer(
    () => ({ encoding: 'zstd', body: Buffer.from('????') }),
    async (url) => {
      const client = new ApiClient(url, 't');
      await assert.rejects(client.listApplications(), /encoding this client cannot read: zstd/);
      client.close();
    },
  );
});
