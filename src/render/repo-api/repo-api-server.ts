// The repo server's endpoint (HTTPS unless TLS is disabled): authenticated JSON calls onto a RepoService,
// each run with the repository settings its caller sent; /healthz and /readyz for probes (no token, no data).
import { timingSafeEqual, createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Logger } from '../../common/log.js';
import { isPlainObject, type KubeObject } from '../../model/index.js';
import { isRepoMethod, type RepoPort } from '../repo-port.js';
import type { RequestSettings } from './request-settings.js';
import {
  encodeError,
  MAX_REQUEST_BYTES,
  REPO_API_PATH,
  toWire,
  type CallReply,
  type CallRequest,
} from './wire.js';

export interface RepoApiServerOptions {
  service: RepoPort;
  /** The provider `service` reads credentials through; each call's settings are bound to it. */
  settings: RequestSettings;
  /** Callers must send `Authorization: Bearer <token>`. */
  token: string;
  /** `port` on `host`, or a unix socket path. */
  listen: { host: string; port: number } | { socketPath: string };
  log: Logger;
  /** Extra lines for /readyz (e.g. the sandbox in use). */
  status?: () => Record<string, unknown>;
  /** Serve HTTPS with this certificate; absent = plain HTTP (`--disable-tls`, unix sockets). */
  tls?: { cert: string; key: string } | undefined;
  /** Told when a call starts (method, repository); the returned function when it ends (metrics). */
  onCall?: (method: string, repo: string | undefined) => () => void;
}

export interface RepoApiServer {
  /** The TCP port bound (0 for a unix socket). */
  port: number;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = toWire(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The repository a call is about: its first argument's URL (a string, `repoURL`, `url` or `source.repoURL`). */
export function callRepository(args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (!isPlainObject(first)) return undefined;
  const source = first['source'];
  const url = first['repoURL'] ?? first['url'] ?? (isPlainObject(source) ? source['repoURL'] : undefined);
  return typeof url === 'string' && url !== '' ? url : undefined;
}

function parseCall(text: string): CallRequest | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (!isPlainObject(body) || !Array.isArray(body['args']) || !Array.isArray(body['settings']))
      return undefined;
    return { args: body['args'], settings: body['settings'].filter(isPlainObject) as KubeObject[] };
  } catch {
    return undefined;
  }
}

export async function startRepoApiServer(opts: RepoApiServerOptions): Promise<RepoApiServer> {
  const expected = digest(`Bearer ${opts.token}`);
  const authorized = (req: IncomingMessage) =>
    timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz'))
      return send(res, 200, { status: 'ok', ...opts.status?.() });
    if (!path.startsWith(REPO_API_PATH)) return send(res, 404, { message: 'not found' });
    if (!authorized(req)) return send(res, 401, { message: 'a valid repo-server token is required' });
    const method = path.slice(REPO_API_PATH.length);
    if (req.method !== 'POST' || !isRepoMethod(method))
      return send(res, 404, { message: `no such call: ${req.method ?? ''} ${method}` });
    const text = await readBody(req);
    const call = text === undefined ? undefined : parseCall(text);
    if (!call) return send(res, 400, { message: 'the body must be JSON {args: [...], settings: [...]}' });
    const fn = opts.service[method] as (...a: unknown[]) => Promise<unknown>;
    let reply: CallReply;
    const ended = opts.onCall?.(method, callRepository(call.args));
    try {
      reply = { result: await opts.settings.run(call.settings, () => fn.apply(opts.service, call.args)) };
    } catch (e) {
      reply = { error: encodeError(e) };
      if (reply.error.type === 'BugError')
        opts.log.error('repo call failed', { method, error: reply.error.message });
    } finally {
      ended?.();
    }
    send(res, 200, reply);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      opts.log.error('repo server request failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) send(res, 500, { message: 'internal error' });
      else res.destroy();
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, onRequest)
    : http.createServer(onRequest);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('socketPath' in opts.listen) server.listen(opts.listen.socketPath, resolve);
    else server.listen(opts.listen.port, opts.listen.host, resolve);
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
