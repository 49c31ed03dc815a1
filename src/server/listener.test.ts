// The TLS port on loopback: HTTP/2 and HTTP/1.1 over TLS, a plain-HTTP redirect, probes, a live certificate swap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { listenTls, peerAddress, type Listener } from './listener.js';
import { certificateHosts, generateSelfSigned, pickServerTls, type TlsMaterial } from './tls-cert.js';

let first: TlsMaterial;
let second: TlsMaterial;
let listener: Listener;

before(async () => {
  [first, second] = await Promise.all([
    generateSelfSigned(certificateHosts('argocd')),
    generateSelfSigned(['localhost']),
  ]);
  listener = await listenTls(
    (req, res) =>
      res
        .writeHead(200, { 'Content-Type': 'text/plain' })
        .end(`${req.httpVersion} ${req.url} from ${peerAddress(req)}`),
    0,
    '127.0.0.1',
    first,
  );
});
after(() => listener?.close());

function h1(
  mod: typeof http | typeof https,
  path: string,
  ca?: string,
): Promise<{ status: number; body: string; location?: string; peer?: string }> {
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: '127.0.0.1',
        port: listener.port,
        path,
        ...(ca ? { ca, servername: 'localhost', agent: false } : {}),
      },
      (res) => {
        const sock = res.socket as { getPeerCertificate?: () => { fingerprint256: string } } | null;
        const peer = sock?.getPeerCertificate?.().fingerprint256;
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            ...(res.headers.location ? { location: res.headers.location } : {}),
            ...(peer ? { peer } : {}),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('the generated certificate names the server and localhost and verifies against itself', () => {
  const x = new X509Certificate(first.cert);
  assert.match(x.subjectAltName ?? '', /DNS:driftless-server\.argocd\.svc/);
  assert.match(x.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.equal(x.checkHost('localhost'), 'localhost');
});

test('HTTP/2 over TLS (ALPN h2) with the certificate trusted; the client address is known', async () => {
  const session = http2.connect(`https://localhost:${listener.port}`, { ca: first.cert });
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const req = session.request({ ':path': '/api/v1/session' });
      let out = '';
      req.on('data', (c: Buffer) => (out += c.toString()));
      req.on('end', () => resolve(out));
      req.on('error', reject);
      req.end();
    });
    assert.equal(body, '2.0 /api/v1/session from 127.0.0.1');
  } finally {
    session.close();
  }
});

test('HTTP/1.1 over TLS on the same port', async () => {
  const r = await h1(https, '/api/version', first.cert);
  assert.deepEqual([r.status, r.body], [200, '1.1 /api/version from 127.0.0.1']);
});

test('plain HTTP is redirected to https:// on the same port; probes are answered', async () => {
  const r = await h1(http, '/applications?x=1');
  assert.equal(r.status, 307);
  assert.equal(r.location, `https://127.0.0.1:${listener.port}/applications?x=1`);
  assert.deepEqual(await h1(http, '/healthz').then((x) => [x.status, x.body]), [
    200,
    '1.1 /healthz from 127.0.0.1',
  ]);
});

test('an untrusted certificate is refused; a swapped one is served to new connections', async () => {
  await assert.rejects(h1(https, '/', second.cert), /self-signed|unable to verify|signature/i);
  listener.setCertificate(second);
  const r = await h1(https, '/', second.cert);
  assert.equal(r.peer, new X509Certificate(second.cert).fingerprint256);
});

test('argocd-server-tls wins over argocd-secret; incomplete or non-PEM pairs are skipped', () => {
  const secret = (name: string, m: { cert: string; key: string }) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    data: {
      'tls.crt': Buffer.from(m.cert).toString('base64'),
      'tls.key': Buffer.from(m.key).toString('base64'),
    },
  });
  const user = secret('argocd-server-tls', second);
  const kept = secret('argocd-secret', first);
  assert.equal(pickServerTls(user, kept)?.source, 'argocd-server-tls');
  assert.equal(pickServerTls(undefined, kept)?.source, 'argocd-secret');
  const broken = secret('argocd-server-tls', { cert: 'not a certificate', key: second.key });
  assert.equal(pickServerTls(broken, kept)?.source, 'argocd-secret');
  assert.equal(pickServerTls(undefined, undefined), undefined);
});
