// The controller's and API's side of a separate repo server: each RepoPort call becomes one
// authenticated POST (over TLS unless plaintext) that carries the caller's current repository settings.
import http from 'node:http';
import https from 'node:https';
import { repoSettingsObjects } from '../../git/index.js';
import { isPlainObject, type KubeObject } from '../../model/index.js';
import { REPO_METHODS, type RepoMethod, type RepoPort } from '../repo-port.js';
import type { RenderResult } from '../repo-service-types.js';
import {
  decodeError,
  fromWire,
  toWire,
  DEFAULT_REPO_SERVER_PORT,
  REPO_API_PATH,
  RepoServerError,
  wireObject,
  type CallReply,
  type CallRequest,
} from './wire.js';

export interface RemoteRepoOptions {
  /** `host:port` (Argo CD's `repo.server`), `host` (port 8081) or `unix:/path/to/socket`. */
  address: string;
  token: string;
  /** The namespace's Secrets and ConfigMaps; repository settings are picked from them per call. */
  objects: () => readonly KubeObject[];
  /** Limit for one call (a fetch and a render). */
  timeoutMs: number;
  /** Default: TLS without verifying the certificate (Argo CD's default). */
  transport?: RepoServerTransport;
}

/**
 * How callers reach the repo server, as Argo CD's --repo-server-plaintext / --repo-server-strict-tls:
 * plain HTTP, TLS that accepts any certificate, or TLS verified against a CA read at each new connection.
 */
export type RepoServerTransport =
  | { kind: 'plaintext' }
  | { kind: 'tls' }
  | { kind: 'strict-tls'; ca: () => string | undefined; caSource: string };

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A connection error said in terms of the transport settings that would fix it. */
function transportProblem(
  e: NodeJS.ErrnoException,
  transport: RepoServerTransport,
): { why: string; hint: string } | undefined {
  if (e.code && UNTRUSTED.has(e.code) && transport.kind === 'strict-tls')
    return {
      why: `its TLS certificate is not trusted by the CA in ${transport.caSource} (${e.code}: ${e.message})`,
      hint: `put the CA that signed the repo server's certificate (or the certificate itself) in ${transport.caSource}, or drop --repo-server-strict-tls`,
    };
  if (transport.kind !== 'plaintext' && (e.code === 'EPROTO' || /wrong version number/i.test(e.message)))
    return {
      why: `it does not speak TLS (${e.message})`,
      hint: 'the repo server runs with --disable-tls: give the controller and API server --repo-server-plaintext, or enable TLS on the repo server',
    };
  if (transport.kind === 'plaintext' && (e.code === 'ECONNRESET' || /socket hang up/i.test(e.message)))
    return {
      why: `it closed the plain-HTTP connection (${e.message})`,
      hint: 'the repo server serves TLS: remove --repo-server-plaintext (or start the repo server with --disable-tls)',
    };
  return undefined;
}

type Target = { host: string; port: number } | { socketPath: string };

/** Where `address` points; an unusable one is refused at start with the forms that work. */
export function parseRepoServerAddress(address: string): Target {
  if (address.startsWith('unix:')) return { socketPath: address.slice('unix:'.length) };
  const m = /^(?:\[([^\]]+)\]|([^:/\s]+))(?::(\d{1,5}))?$/.exec(address.trim());
  const host = m?.[1] ?? m?.[2];
  if (!m || !host)
    throw new RepoServerError(`invalid repo server address ${JSON.stringify(address)}`, {
      hint: 'use host:port (e.g. driftless-repo-server:8081) or unix:/path/to/socket',
    });
  return { host, port: m[3] ? Number(m[3]) : DEFAULT_REPO_SERVER_PORT };
}

/** A RepoPort whose calls run in the repo server at `address`. */
export function remoteRepo(opts: RemoteRepoOptions): RepoPort {
  const target = parseRepoServerAddress(opts.address);
  const transport = opts.transport ?? { kind: 'tls' };
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const agent = transport.kind === 'plaintext' ? new http.Agent(agentOptions) : new https.Agent(agentOptions);
  const stats = { gitSpawns: 0, toolSpawns: 0, cacheHits: 0, renders: 0 };
  const where = 'socketPath' in target ? target.socketPath : `${target.host}:${target.port}`;
  const unavailable = (why: string) =>
    new RepoServerError(`the repo server at ${where} is not available: ${why}`, {
      hint: 'check that `driftless server --component repo-server` runs there and that --repo-server and the token match',
    });

  const failed = (e: NodeJS.ErrnoException) => {
    const problem = transportProblem(e, transport);
    return problem
      ? new RepoServerError(`the repo server at ${where} is not available: ${problem.why}`, {
          hint: problem.hint,
        })
      : unavailable(e.message);
  };
  /** Per request: TLS settings (the CA is read now, so a rotated one applies to new connections). */
  const tlsOptions = (): https.RequestOptions => {
    if (transport.kind === 'plaintext') return {};
    if (transport.kind === 'tls') return { rejectUnauthorized: false };
    const ca = transport.ca();
    if (!ca)
      throw new RepoServerError(
        `strict TLS to the repo server at ${where} needs a CA, and ${transport.caSource} has none`,
        {
          hint: `create it with the CA (ca.crt) that signed the repo server's certificate, or drop --repo-server-strict-tls`,
        },
      );
    return { rejectUnauthorized: true, ca };
  };

  const call = (method: RepoMethod, args: unknown[]): Promise<unknown> => {
    const request: CallRequest = { args, settings: repoSettingsObjects(opts.objects()).map(wireObject) };
    const body = toWire(request);
    return new Promise<unknown>((resolve, reject) => {
      const send = transport.kind === 'plaintext' ? http.request : https.request;
      const req = send(
        {
          ...target,
          ...tlsOptions(),
          agent,
          method: 'POST',
          path: `${REPO_API_PATH}${method}`,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Authorization: `Bearer ${opts.token}`,
          },
          timeout: opts.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(unavailable(e.message)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200)
              return reject(unavailable(`HTTP ${res.statusCode ?? 0} ${text.slice(0, 200)}`));
            let reply: CallReply;
            try {
              reply = fromWire(text) as CallReply;
            } catch {
              return reject(unavailable('the reply is not JSON'));
            }
            if ('error' in reply) reject(decodeError(reply.error));
            else resolve(reply.result);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      req.on('error', (e) => reject(failed(e)));
      req.end(body);
    });
  };

  const port = Object.fromEntries(
    REPO_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)]),
  ) as Omit<RepoPort, 'stats'>;
  const render: RepoPort['render'] = async (req) => {
    const res = (await port.render(req)) as RenderResult;
    if (!isPlainObject(res) || !Array.isArray(res.objects))
      throw unavailable('the render reply has no objects');
    if (res.cached) stats.cacheHits++;
    else stats.renders++;
    return res;
  };
  // Spawn counts live in the repo server's process; here only what the answers say.
  return { ...port, render, stats: () => ({ ...stats }) };
}
