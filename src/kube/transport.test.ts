// HttpsTransport against a real local HTTP server: a kept-alive socket the server closes instead of
// answering is retried on a new connection (what an idle-timeout race looks like), a bounded number of times.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeConnectionError } from './api-error.js';
import { HttpsTransport } from './transport.js';

describe('HttpsTransport kept-alive sockets', () => {
  let server: http.Server;
  let url: string;
  /** Requests after which the server drops the connection instead of answering (by request number). */
  let dropFrom = Infinity;
  let seen = 0;
  const perSocket = new WeakMap<Socket, number>();

  before(async () => {
    server = http.createServer((req, res) => {
      seen++;
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      // The second request on a kept-alive connection finds it closed, as after the server's idle timeout.
      if (n > 1 && seen >= dropFrom) return req.socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ n: seen }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('sends a POST again on a new connection when the kept-alive one was closed', async () => {
    const t = new HttpsTransport({ server: url, name: 'local' });
    try {
      seen = 0;
      dropFrom = Infinity;
      assert.equal((await t.request({ method: 'GET', path: '/a' })).status, 200);
      dropFrom = 2;
      const res = await t.request({ method: 'POST', path: '/b', body: '{}' });
      assert.equal(res.status, 200);
      assert.equal(seen, 3, 'the dropped request, then the same on a new connection');
    } finally {
      t.close();
    }
  });

  it('gives up with a connection error when new connections are dropped too', async () => {
    const drop = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((r) => drop.listen(0, '127.0.0.1', r));
    const t = new HttpsTransport({
      server: `http://127.0.0.1:${(drop.address() as AddressInfo).port}`,
      name: 'local',
    });
    try {
      await assert.rejects(t.request({ method: 'GET', path: '/x' }), KubeConnectionError);
    } finally {
      t.close();
      await new Promise<void>((r) => drop.close(() => r()));
    }
  });
});
