// The API server's port: plain HTTP (--insecure), or TLS with HTTP/2 and HTTP/1.1 where a plain-HTTP
// request on the same port is redirected to https:// (probes excepted), and the certificate can be swapped live.
import { AsyncLocalStorage } from 'node:async_hooks';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import type { TlsMaterial } from './tls-cert.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listener {
  /** The port bound (useful with port 0). */
  port: number;
  tls: boolean;
  /** Serves a new certificate to new connections (TLS only). */
  setCertificate(tls: TlsMaterial): void;
  close(): Promise<void>;
}

// Probes (kubelet, load balancers) and Prometheus speak plain HTTP: they get an answer, not a redirect.
const PLAIN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const TLS_HANDSHAKE = 0x16;

// TLS sockets built over a replaying stream do not know the peer; each connection runs in a context that does.
const connectionPeer = new AsyncLocalStorage<string>();

/** The client's address: the socket's, or the raw connection's when TLS was layered over a replay. */
export function peerAddress(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress ?? connectionPeer.getStore();
}

/** A stream that yields `first` (already read, to tell TLS from HTTP) and then the rest of `socket`. */
function replay(socket: net.Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, done) => void socket.write(chunk, done),
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (err, done) => {
      socket.destroy(err ?? undefined);
      done(err);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (e) => stream.destroy(e));
  return stream;
}

async function bind(server: net.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
}

/** Plain HTTP/1.1 (Argo CD's --insecure: TLS ends at an ingress in front). */
export async function listenPlain(handler: RequestHandler, port: number, host: string): Promise<Listener> {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return {
    port: await bind(server, port, host),
    tls: false,
    setCertificate: () => {},
    close: () => closeServer(server, sockets),
  };
}

/** Plain HTTP on the TLS port: health probes answered, everything else sent to https://. */
function redirectToHttps(handler: RequestHandler): RequestHandler {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (PLAIN_PATHS.has(path)) return handler(req, res);
    const host = req.headers.host ?? 'localhost';
    res.writeHead(307, { Location: `https://${host}${req.url ?? '/'}` }).end();
  };
}

/** TLS (HTTP/2, HTTP/1.1 by ALPN) and a plain-HTTP redirect, told apart by the first byte. */
export async function listenTls(
  handler: RequestHandler,
  port: number,
  host: string,
  tls: TlsMaterial,
): Promise<Listener> {
  const secure = http2.createSecureServer(
    { cert: tls.cert, key: tls.key, allowHTTP1: true, minVersion: 'TLSv1.2' },
    // The compatibility API gives HTTP/1 requests as http's own objects and HTTP/2 ones in the same shape.
    handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  const plain = http.createServer(redirectToHttps(handler));
  const sockets = new Set<net.Socket>();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      // A server wrapping the socket's handle would read past the bytes consumed here; a replay cannot.
      const target = first[0] === TLS_HANDSHAKE ? secure : plain;
      const peer = socket.remoteAddress ?? 'unknown';
      connectionPeer.run(peer, () => target.emit('connection', replay(socket, first)));
    });
  });
  return {
    port: await bind(front, port, host),
    tls: true,
    setCertificate: (next) => secure.setSecureContext({ cert: next.cert, key: next.key }),
    close: async () => {
      secure.close();
      plain.close();
      await closeServer(front, sockets);
    },
  };
}
