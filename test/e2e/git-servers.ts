// Test servers for Git transports on loopback: `git http-backend` behind a Node HTTP server (with
// optional basic auth) and a throwaway `sshd` with generated host and client keys.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './support/wait.js';

export interface HttpGitServer {
  url: string;
  /** Requests answered 401 (for asserting auth was exercised). */
  unauthorized: number;
  /** Every request let through to git http-backend, as `METHOD /path?query` (for counting ls-remotes). */
  readonly served: readonly string[];
  close(): Promise<void>;
}

export interface HttpGitServerOptions {
  /** Serve HTTPS with this certificate (see makeTestCA). */
  tls?: { key: string; cert: string };
  /** Hold every request this long first, so a test can look at the git processes meanwhile. */
  delayMs?: number;
  /** With `tls`: accept only clients presenting a certificate signed by this CA (PEM). */
  clientCA?: string;
  /** The WWW-Authenticate challenge of a 401 (default basic); `Negotiate` is what Kerberos servers send. */
  challenge?: string;
}

/**
 * Serves every repository under `root` at http(s)://127.0.0.1:PORT/<name> via git http-backend.
 * `auth` is read at each request: change its password to rotate the credential.
 */
export async function startHttpGitServer(
  root: string,
  auth?: { username: string; password: string },
  opts: HttpGitServerOptions = {},
): Promise<HttpGitServer> {
  const state = { unauthorized: 0 };
  const served: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (opts.delayMs) {
      setTimeout(() => serve(req, res), opts.delayMs);
      return;
    }
    serve(req, res);
  };
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (auth) {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        state.unauthorized++;
        res.writeHead(401, { 'WWW-Authenticate': opts.challenge ?? 'Basic realm="git"' }).end();
        return;
      }
    }
    served.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    const u = new URL(req.url ?? '/', 'http://localhost');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        REMOTE_ADDR: '127.0.0.1',
        ...(auth ? { REMOTE_USER: auth.username } : {}),
      },
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (b: Buffer) => chunks.push(b));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      let sep = out.indexOf('\r\n\r\n');
      let sepLen = 4;
      if (sep < 0) {
        sep = out.indexOf('\n\n');
        sepLen = 2;
      }
      const head = out.subarray(0, Math.max(sep, 0)).toString('utf8');
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
        else headers[k] = v;
      }
      res.writeHead(status, headers).end(out.subarray(sep + sepLen));
    });
  };
  const mutual = opts.clientCA ? { ca: opts.clientCA, requestCert: true, rejectUnauthorized: true } : {};
  const server: Server = opts.tls
    ? createHttpsServer({ ...opts.tls, ...mutual }, handler)
    : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    get unauthorized() {
      return state.unauthorized;
    },
    served,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function sshBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('data', (b) => {
      sock.destroy();
      resolve(b.toString().startsWith('SSH-'));
    });
    sock.once('error', () => resolve(false));
  });
}

export interface SshGitServer {
  port: number;
  clientKey: string;
  knownHosts: string;
  close(): Promise<void>;
}

export const sshdPath = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));

/** Starts sshd on loopback accepting only a freshly generated client key, as the current user. */
export async function startSshGitServer(): Promise<SshGitServer> {
  if (!sshdPath) throw new Error('sshd not installed');
  const dir = await mkdtemp(join(tmpdir(), 'driftless-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'client_key.pub')));
  await mkdir('/run/sshd', { recursive: true }); // privilege separation directory sshd insists on
  const port = await freePort();
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(sshdPath, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  await waitFor(() => sshBanner(port), { what: 'sshd to listen', timeoutMs: 10_000, intervalMs: 50 }).catch(
    (e: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(e)}: ${log}`);
    },
  );
  const hostPub = (await readFile(join(dir, 'host_key.pub'), 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  return {
    port,
    clientKey: await readFile(join(dir, 'client_key'), 'utf8'),
    knownHosts: `[127.0.0.1]:${port} ${hostPub}\n`,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestCA {
  /** PEM of the CA certificate (what argocd-tls-certs-cm holds). */
  caCert: string;
  /** A server certificate for 127.0.0.1 and localhost, signed by the CA. */
  key: string;
  cert: string;
  /** A client certificate (CN driftless-test-client) signed by the CA, for servers that demand one. */
  client: { key: string; cert: string };
}

/** A throwaway CA and a server certificate signed by it (openssl, P-256, valid one day). */
export async function makeTestCA(): Promise<TestCA> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-ca-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=driftless-test-ca',
  );
  const issue = async (name: string, subject: string, ext: string) => {
    ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    await writeFile(join(dir, `${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  await issue('srv', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await issue('client', '/CN=driftless-test-client', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFile(join(dir, f), 'utf8');
  const ca = {
    caCert: await read('ca.crt'),
    key: await read('srv.key'),
    cert: await read('srv.crt'),
    client: { key: await read('client.key'), cert: await read('client.crt') },
  };
  await rm(dir, { recursive: true, force: true });
  return ca;
}

/** Serves the files under `root` over HTTPS with basic auth (a Helm chart repository). */
export async function startStaticHttpsServer(
  root: string,
  auth: { username: string; password: string },
  tls: { key: string; cert: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpsServer(tls, (req, res) => {
    const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' }).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'https://localhost').pathname);
    if (path.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(root, path)).then(
      (body) => res.writeHead(200).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
