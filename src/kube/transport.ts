// HTTP(S) to one API server over a keep-alive agent: whole-body requests and line-streamed watches.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { KubeConnectionError } from './api-error.js';
import type { ClusterConnection } from './connection.js';
import { ExecCredentialSource, type ExecCredentialOptions } from './exec-credential.js';
import { ConnectTunnelAgent, httpProxyTarget } from './proxy-agent.js';

export interface HttpRequest {
  method: string;
  /** Path plus query string, e.g. `/api/v1/pods?limit=500`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Fail if the socket is idle this long. Default 60 s; watches pass more than their timeoutSeconds. */
  idleTimeoutMs?: number;
  /** stream() only: told the length of every body chunk received (watch traffic counters). */
  onData?: (bytes: number) => void;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** A streamed response: for 2xx, `lines` yields each newline-terminated line; otherwise `body` is set. */
export interface HttpStream {
  status: number;
  body: string;
  lines: AsyncIterable<string>;
}

/** What KubeClient needs from the wire; unit tests replace it with a fake. */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  stream(req: HttpRequest): Promise<HttpStream>;
  close(): void;
}

const TOKEN_FILE_TTL_MS = 60_000;

export class HttpsTransport implements Transport {
  private agent: http.Agent;
  private agentCert: string | undefined;
  private readonly url: URL;
  private readonly proxy: URL | undefined;
  private readonly exec: ExecCredentialSource | undefined;
  private tokenCache: { token: string; readAt: number } | undefined;

  constructor(
    private readonly conn: ClusterConnection,
    opts: ExecCredentialOptions = {},
  ) {
    this.url = new URL(conn.server);
    this.proxy = conn.proxyUrl ? new URL(conn.proxyUrl) : undefined;
    this.exec = conn.exec ? new ExecCredentialSource(conn.exec, opts) : undefined;
    this.agent = this.makeAgent(conn.cert, conn.key);
  }

  /** One agent per cluster and client certificate: sockets, TLS sessions and the parsed CA/key are reused. */
  private makeAgent(cert: Buffer | string | undefined, key: Buffer | string | undefined): http.Agent {
    const conn = this.conn;
    if (this.url.protocol !== 'https:') return new http.Agent({ keepAlive: true });
    const material = {
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
    };
    const opts: https.AgentOptions = {
      keepAlive: true,
      ...material,
      ...sharedContext(material),
      ...(conn.tlsServerName ? { servername: conn.tlsServerName } : {}),
      rejectUnauthorized: conn.insecureSkipTlsVerify !== true,
    };
    return this.proxy ? new ConnectTunnelAgent(this.proxy, opts) : new https.Agent(opts);
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    let res = await this.open(req);
    if (res.statusCode === 401 && this.exec) {
      // An exec credential the server no longer accepts: run the plugin again, once.
      res.resume();
      this.exec.invalidate();
      res = await this.open(req);
    }
    const body = await readBody(res);
    return { status: res.statusCode ?? 0, body };
  }

  async stream(req: HttpRequest): Promise<HttpStream> {
    let res = await this.open(req);
    if (res.statusCode === 401 && this.exec) {
      res.resume();
      this.exec.invalidate();
      res = await this.open(req);
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) return { status, body: await readBody(res), lines: emptyLines() };
    return { status, body: '', lines: splitLines(res, req.signal, req.onData) };
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * Sends the request; once more on a new connection when a kept-alive one turns out closed by the
   * server before it answered (the server drops idle sockets; the request was never read).
   */
  private async open(req: HttpRequest): Promise<http.IncomingMessage> {
    for (let attempt = 1; ; attempt++)
      try {
        return await this.openOnce(req);
      } catch (e) {
        if (!(e instanceof StaleSocket)) throw e;
        if (attempt >= STALE_SOCKET_ATTEMPTS) throw e.error;
      }
  }

  private async openOnce(req: HttpRequest): Promise<http.IncomingMessage> {
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    const auth = await this.authorization();
    if (auth) headers.Authorization = auth;
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const mod = this.url.protocol === 'https:' ? https : http;
    const path = `${this.url.pathname.replace(/\/$/, '')}${req.path}`;
    // Plain http through a proxy: the request goes to the proxy, naming the full URL.
    const viaHttpProxy = this.proxy && this.url.protocol === 'http:';
    const target = viaHttpProxy && this.proxy ? httpProxyTarget(this.proxy) : undefined;
    return new Promise((resolve, reject) => {
      const r = mod.request(
        {
          protocol: this.url.protocol,
          hostname: target?.hostname ?? this.url.hostname.replace(/^\[|\]$/g, ''),
          port: target?.port ?? this.url.port,
          path: target ? `${this.url.origin}${path}` : path,
          method: req.method,
          headers,
          agent: this.agent,
          ...(req.signal ? { signal: req.signal } : {}),
        },
        resolve,
      );
      r.setTimeout(req.idleTimeoutMs ?? 60_000, () => {
        r.destroy(new Error(`no data from ${this.conn.server} for ${req.idleTimeoutMs ?? 60_000} ms`));
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        if (req.signal?.aborted) reject(req.signal.reason ?? err);
        else if (r.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE'))
          reject(new StaleSocket(connectionError(this.conn, req, err)));
        else reject(connectionError(this.conn, req, err));
      });
      r.end(req.body);
    });
  }

  private async authorization(): Promise<string | undefined> {
    const c = this.conn;
    if (this.exec) {
      const cred = await this.exec.get();
      if (cred.clientCertificateData && cred.clientCertificateData !== this.agentCert) {
        // A new client certificate from the plugin: new TLS connections carry it.
        this.agent.destroy();
        this.agent = this.makeAgent(cred.clientCertificateData, cred.clientKeyData);
        this.agentCert = cred.clientCertificateData;
      }
      if (cred.token) return `Bearer ${cred.token}`;
      return undefined;
    }
    if (c.tokenFile) {
      const now = Date.now();
      if (!this.tokenCache || now - this.tokenCache.readAt > TOKEN_FILE_TTL_MS) {
        let token: string;
        try {
          token = readFileSync(c.tokenFile, 'utf8').trim();
        } catch (err) {
          throw new KubeConnectionError(
            `cannot read the token file ${c.tokenFile}: ${(err as Error).message}`,
            {
              hint: 'check tokenFile in the kubeconfig, or the mounted service-account token',
              cause: err,
            },
          );
        }
        this.tokenCache = { token, readAt: now };
      }
      return `Bearer ${this.tokenCache.token}`;
    }
    if (c.token) return `Bearer ${c.token}`;
    if (c.username !== undefined && c.password !== undefined) {
      return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
    }
    return undefined;
  }
}

/** The context an agent's connections share; refused material gets none (each connection reports it). */
function sharedContext(material: tls.SecureContextOptions): { secureContext?: tls.SecureContext } {
  try {
    return { secureContext: tls.createSecureContext(material) };
  } catch {
    return {};
  }
}

function connectionError(conn: ClusterConnection, req: HttpRequest, err: Error): KubeConnectionError {
  const code = (err as NodeJS.ErrnoException).code;
  const hint =
    code === 'ECONNREFUSED'
      ? `is the API server at ${conn.server} running?`
      : code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.includes('SELF_SIGNED')
        ? 'the server certificate was not trusted: check certificate-authority(-data) or tls-server-name'
        : undefined;
  return new KubeConnectionError(`${req.method} ${conn.server}${req.path}: ${err.message}`, {
    hint,
    cause: err,
  });
}

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
};

/** The body as text, decoded when the server compressed it (for a caller that sent Accept-Encoding). */
async function readBody(res: http.IncomingMessage): Promise<string> {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return raw.toString('utf8');
  const decode = decoders[encoding];
  if (!decode)
    throw new KubeConnectionError(`the server answered in an encoding this client cannot read: ${encoding}`, {
      hint: 'the server ignored Accept-Encoding; report it',
    });
  try {
    return (await decode(raw)).toString('utf8');
  } catch (err) {
    throw new KubeConnectionError(`cannot decode the ${encoding} response body: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function* emptyLines(): AsyncGenerator<string> {}

/** Yields complete lines; ends quietly when the caller aborts, throws if the connection breaks. */
async function* splitLines(
  res: http.IncomingMessage,
  signal: AbortSignal | undefined,
  onData: ((bytes: number) => void) | undefined,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      onData?.(chunk.length);
      pending += decoder.write(chunk);
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim() !== '') yield line;
      }
    }
    pending += decoder.end();
    if (pending.trim() !== '') yield pending;
  } catch (err) {
    if (signal?.aborted) return;
    throw new KubeConnectionError(`watch stream broke: ${(err as Error).message}`, { cause: err });
  } finally {
    // The consumer may stop early (break/return): free the socket instead of draining it.
    if (!res.complete) res.destroy();
  }
}

/** A kept-alive socket the server had closed: nothing was answered, the request may go again. */
class StaleSocket extends Error {
  constructor(readonly error: KubeConnectionError) {
    super(error.message);
  }
}

/** Kept-alive sockets tried before the error is the caller's (the server may drop several at once). */
const STALE_SOCKET_ATTEMPTS = 3;
