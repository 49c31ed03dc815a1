// The transport side of the API client: bearer token, TLS trust, JSON requests and errors with the server's hint.
import { HttpsTransport, type Transport } from '../kube/transport.js';

/** A non-2xx answer: the status and the server's message and hint. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** How to trust an https:// server: a PEM certificate or CA (--server-crt), or not at all (--insecure). */
export interface ClientTls {
  ca?: Buffer | undefined;
  insecure?: boolean | undefined;
}

// Event streams stay open between events; the server's keepalive comments arrive every 15 s.
export const STREAM_IDLE_MS = 5 * 60_000;

/** A token's `iat` and `exp` (read, not verified: only to know when to renew it). */
export function tokenTimes(token: string | undefined): { iat: number; exp: number } | undefined {
  try {
    const c = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      iat?: unknown;
      exp?: unknown;
    };
    return typeof c.iat === 'number' && typeof c.exp === 'number' ? { iat: c.iat, exp: c.exp } : undefined;
  } catch {
    return undefined;
  }
}

/** Renew a session before it expires: in its last minute, or its last quarter when it is shorter. */
export function renewalDue(token: string | undefined, nowSec: number): boolean {
  const t = tokenTimes(token);
  if (!t) return false;
  return t.exp - nowSec < Math.min(60, (t.exp - t.iat) / 4);
}

export class ApiClientBase {
  protected readonly transport: Transport;
  /**
   * Renews the session (an SSO login's refresh token) and returns the new token: called when the token is
   * about to expire, and once when the server answers 401.
   */
  renewSession: (() => Promise<string>) | undefined;
  private renewing: Promise<string> | undefined;
  /** Sent with whole-body requests; the transport decodes what comes back. undefined: uncompressed. */
  acceptEncoding: string | undefined = 'br, gzip';

  constructor(
    readonly baseUrl: string,
    public token?: string,
    tls: ClientTls = {},
  ) {
    this.transport = new HttpsTransport({
      server: new URL(baseUrl).origin,
      name: 'driftless',
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.insecure ? { insecureSkipTlsVerify: true } : {}),
    });
  }

  /** Frees the kept-alive connections (the process may then exit without waiting for them). */
  close(): void {
    this.transport.close();
  }

  /** One renewal at a time; every request waiting for it gets its token. */
  protected renew(): Promise<string> {
    const renewSession = this.renewSession;
    if (!renewSession) return Promise.reject(new Error('no session renewal'));
    this.renewing ??= renewSession()
      .then((t) => (this.token = t))
      .finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /** Renews a session that is about to expire before it is sent. */
  protected async freshen(): Promise<void> {
    if (this.renewSession && renewalDue(this.token, Math.floor(Date.now() / 1000))) await this.renew();
  }

  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    await this.freshen();
    let res = await this.send(method, path, opts);
    if (res.status === 401 && this.renewSession) {
      await this.renew();
      res = await this.send(method, path, opts);
    }
    if (res.status < 200 || res.status >= 300) throw this.errorOf(res.status, res.body);
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  private send(method: string, path: string, opts: { query?: Query; body?: unknown }) {
    return this.transport.request({
      method,
      path: this.path(path, opts.query),
      headers: {
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(this.acceptEncoding ? { 'Accept-Encoding': this.acceptEncoding } : {}),
        ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  }

  /** Path and query string below the base URL. */
  protected path(path: string, query: Query = {}): string {
    const u = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) u.searchParams.append(k, x);
      else u.searchParams.set(k, String(v));
    }
    return `${u.pathname}${u.search}`;
  }

  /** The server's `{message, hint}` (or its text) as an ApiClientError. */
  protected errorOf(status: number, body: string): ApiClientError {
    let e: { message?: string | undefined; error?: string; hint?: string } = {};
    try {
      e = JSON.parse(body) as typeof e;
    } catch {
      e = { message: body.slice(0, 500) || undefined };
    }
    return new ApiClientError(status, e.message ?? e.error ?? `HTTP ${status}`, e.hint);
  }
}

export function enc(s: string): string {
  return encodeURIComponent(s);
}
