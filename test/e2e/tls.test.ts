// TLS on `driftless server`'s one port: HTTP/2 by ALPN, plain HTTP redirected to https://, the generated
// certificate kept in argocd-secret, and a user's argocd-server-tls served (and dropped) without a restart;
// `driftless server --insecure` (plain HTTP behind an ingress) reached with the CLI's --plaintext.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { ApiClient } from '../../src/server/api-client.js';
import { cliRunner, type CliRun } from './support/cli.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import { startController, type RunningController } from './support/controller.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { initialAdminPassword, startServerProcess } from './support/server-process.js';

const NS = `tls-e2e-${randomSuffix()}`;
const dir = mkdtempSync(join(tmpdir(), 'driftless-tls-e2e-'));
let server: RunningController;
let port = 0;

before(async () => {
  server = await startController({ namespace: NS, insecure: false });
  port = Number(new URL(server.url).port);
});
after(async () => {
  await server.stop();
  await kubectl(['delete', 'namespace', NS, '--wait=false']);
  rmSync(dir, { recursive: true, force: true });
});

/** The certificate a new connection is served, and the protocol ALPN chose. */
function handshake(): Promise<{ fingerprint: string; alpn: string | false | null }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] },
      () => {
        const cert = socket.getPeerX509Certificate();
        resolve({ fingerprint: cert?.fingerprint256 ?? '', alpn: socket.alpnProtocol });
        socket.end();
      },
    );
    socket.once('error', reject);
  });
}

async function secretCert(name: string): Promise<string | undefined> {
  const r = await kubectl(['-n', NS, 'get', 'secret', name, '-o', 'jsonpath={.data.tls\\.crt}']);
  if (r.code !== 0 || !r.stdout) return undefined;
  return new X509Certificate(Buffer.from(r.stdout, 'base64')).fingerprint256;
}

test('HTTP/2 by ALPN with the generated certificate kept in argocd-secret; plain HTTP is redirected', async () => {
  const stored = await waitFor(() => secretCert('argocd-secret'), {
    what: 'the generated certificate in argocd-secret',
    timeoutMs: 60_000,
  });
  const served = await handshake();
  assert.equal(served.alpn, 'h2');
  assert.equal(served.fingerprint, stored);
  const plain = await fetch(`http://127.0.0.1:${port}/api/v1/applications`, { redirect: 'manual' });
  assert.equal(plain.status, 307);
  assert.equal(plain.headers.get('location'), `https://127.0.0.1:${port}/api/v1/applications`);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'probes stay plain');
});

test('a user-provided argocd-server-tls is served without a restart, and dropped when deleted', async () => {
  const generated = (await handshake()).fingerprint;
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=user-provided',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'tls.key'),
      '-out',
      join(dir, 'tls.crt'),
    ],
    { stdio: 'ignore' },
  );
  const mine = new X509Certificate(readFileSync(join(dir, 'tls.crt'))).fingerprint256;
  await kubectlOk([
    '-n',
    NS,
    'create',
    'secret',
    'tls',
    'argocd-server-tls',
    `--cert=${join(dir, 'tls.crt')}`,
    `--key=${join(dir, 'tls.key')}`,
  ]);
  await waitFor(async () => (await handshake()).fingerprint === mine, {
    what: 'the user certificate served',
    timeoutMs: 30_000,
  });
  await kubectlOk(['-n', NS, 'delete', 'secret', 'argocd-server-tls']);
  await waitFor(async () => (await handshake()).fingerprint === generated, {
    what: 'the generated certificate served again',
    timeoutMs: 30_000,
  });
});

test('driftless server --insecure serves plain HTTP; the CLI reaches it with --plaintext', async () => {
  const ns = `tls-plain-e2e-${randomSuffix()}`;
  const plain = await startServerProcess({ namespace: ns, extraArgs: ['--insecure'] });
  const cli = cliRunner(mkdtempSync(join(dir, 'cli-')));
  const show = (r: CliRun) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  try {
    assert.match(plain.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const host = plain.url.replace(/^http:\/\//, '');
    const password = await initialAdminPassword(ns);
    // host:port means https:// unless --plaintext: a TLS client meets a plain HTTP server.
    const tlsFirst = await cli(['login', host, '--username', 'admin', '--password-stdin'], {
      input: password,
    });
    assert.equal(tlsFirst.code, 1, show(tlsFirst));
    assert.match(tlsFirst.stderr, /--plaintext/, show(tlsFirst));
    assert.doesNotMatch(tlsFirst.stderr, /\n\s+at /, 'no stack trace');
    const login = await cli(['login', host, '--plaintext', '--username', 'admin', '--password-stdin'], {
      input: password,
    });
    assert.equal(login.code, 0, show(login));
    assert.match(login.stdout, new RegExp(`logged in to http://${host} as admin`));
    // The context keeps http://: later commands need no flag.
    const projects = await cli(['proj', 'list', '-o', 'name']);
    assert.equal(projects.code, 0, show(projects));
    assert.match(projects.stdout, /^default$/m);
    // Without a context: --server host:port --plaintext and a token, as scripts call it.
    const token = await new ApiClient(plain.url).login('admin', password);
    const scripted = await cliRunner(mkdtempSync(join(dir, 'cli-')))([
      'proj',
      'list',
      '-o',
      'name',
      '--server',
      host,
      '--plaintext',
      '--auth-token',
      token,
    ]);
    assert.equal(scripted.code, 0, show(scripted));
    assert.match(scripted.stdout, /^default$/m);
  } finally {
    await plain.stop();
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
  }
});
