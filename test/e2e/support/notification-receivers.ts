// Receivers for notification tests: an HTTP endpoint standing in for webhooks, Slack and Teams (records
// every request; can be told to fail), and a real SMTP server with STARTTLS and AUTH (python3-aiosmtpd).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../../src/common/exec.js';
import { waitFor } from './wait.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answer this status to every request from now on (200 by default). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

/** A canned answer for some requests (e.g. a GitHub token endpoint); others get 200 `{"ok":true}`. */
export type Responder = (r: ReceivedRequest) => { status: number; body: string } | undefined;

export async function startHttpReceiver(respond?: Responder): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let failStatus: number | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failStatus !== undefined) {
        res.writeHead(failStatus).end('receiver is down');
        return;
      }
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const answer = respond?.(received) ?? { status: 200, body: '{"ok":true}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith: (status) => (failStatus = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const SMTP_PYTHON = '/usr/bin/python3';

/** Why the SMTP tests cannot run here, or undefined. */
export function smtpSkipReason(): string | undefined {
  return existsSync('/usr/lib/python3/dist-packages/aiosmtpd')
    ? undefined
    : 'python3-aiosmtpd is not installed (apt-get install -y python3-aiosmtpd)';
}

export interface ReceivedMail {
  mailFrom: string;
  rcptTos: string[];
  data: string;
  tls: boolean;
  authUser: string | null;
}

export interface SmtpServer {
  port: number;
  user: string;
  password: string;
  messages(): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

export async function startSmtpServer(): Promise<SmtpServer> {
  const dir = await mkdtemp(join(tmpdir(), 'driftless-smtp-'));
  const out = join(dir, 'mail');
  await exec('mkdir', ['-p', out]);
  await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  const port = await freePort();
  const user = 'notifier';
  const password = 'smtp-secret-pw';
  const script = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    '..',
    'test',
    'e2e',
    'support',
    'smtp-server.py',
  );
  const child: ChildProcess = spawn(
    SMTP_PYTHON,
    [script, String(port), join(dir, 'cert.pem'), join(dir, 'key.pem'), user, password, out],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitFor(
    async () =>
      output.includes('ready') ||
      (child.exitCode !== null ? Promise.reject(new Error(`SMTP server exited: ${output}`)) : undefined),
    {
      what: 'the SMTP server to listen',
      timeoutMs: 30_000,
    },
  );
  return {
    port,
    user,
    password,
    messages: async () => {
      const files = (await readdir(out)).filter((f) => f.endsWith('.json')).sort();
      return Promise.all(
        files.map(async (f) => JSON.parse(await readFile(join(out, f), 'utf8')) as ReceivedMail),
      );
    },
    close: async () => {
      child.stdin?.end();
      child.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
