// Where a chart repository's credentials go: its own scheme, host and port, and elsewhere only with passCredentials.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chartGet } from './chart-http.js';

/** A loopback server that answers 200 and remembers each request's Authorization header. */
async function recorder(): Promise<{ url: string; seen: (string | undefined)[]; server: Server }> {
  const seen: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let repo: Awaited<ReturnType<typeof recorder>>;
let other: Awaited<ReturnType<typeof recorder>>;
before(async () => {
  [repo, other] = [await recorder(), await recorder()];
});
after(() => {
  repo.server.close();
  other.server.close();
});

const credentials = { username: 'alice', password: 'chart-secret' };
const basic = `Basic ${Buffer.from('alice:chart-secret').toString('base64')}`;

test('the repository’s own host gets its credentials', async () => {
  await chartGet(`${repo.url}/web-1.0.0.tgz`, { credentials, credentialsFor: repo.url, timeoutMs: 5_000 });
  assert.deepEqual(repo.seen.splice(0), [basic]);
});

test('an archive on another port of the same host does not, unless passCredentials', async () => {
  await chartGet(`${other.url}/api-1.0.0.tgz`, { credentials, credentialsFor: repo.url, timeoutMs: 5_000 });
  assert.deepEqual(other.seen.splice(0), [undefined]);
  await chartGet(`${other.url}/api-1.0.0.tgz`, {
    credentials,
    credentialsFor: repo.url,
    passCredentials: true,
    timeoutMs: 5_000,
  });
  assert.deepEqual(other.seen.splice(0), [basic]);
});

test('through the repository’s proxy (an absolute-URI request for http://), unless noProxy names the host', async () => {
  const forwarded: string[] = [];
  const proxy = createServer((req, res) => {
    forwarded.push(`${req.url} ${req.headers['proxy-authorization'] ?? ''}`);
    const target = new URL(req.url ?? '');
    const up = httpRequest(target, { headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end();
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://bob:pw@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const via = { ...credentials, proxy: proxyUrl };
    const res = await chartGet(`${repo.url}/index.yaml`, { credentials: via, timeoutMs: 5_000 });
    assert.equal(res.body.toString(), 'ok');
    assert.deepEqual(forwarded.splice(0), [
      `${repo.url}/index.yaml Basic ${Buffer.from('bob:pw').toString('base64')}`,
    ]);
    assert.deepEqual(repo.seen.splice(0), [basic], 'the repository still gets its own credentials');
    await chartGet(`${repo.url}/index.yaml`, {
      credentials: { ...via, noProxy: '127.0.0.1' },
      timeoutMs: 5_000,
    });
    assert.deepEqual(forwarded, [], 'noProxy: straight to the host');
    repo.seen.splice(0);
  } finally {
    proxy.close();
  }
});
