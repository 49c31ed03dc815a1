// GET for Helm chart repositories over node:http(s): the repository's credentials (basic or bearer,
// sent only to the repository's own host), its CA certificates, insecure, client certificates, its
// proxy/noProxy, redirects, a timeout and a size cap.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { connectTunnel, proxyFor, requestViaProxy } from '../common/http-proxy.js';
import type { RepoCredentials } from '../git/index.js';

export interface ChartHttpOptions {
  credentials?: RepoCredentials | undefined;
  /** PEM CA certificates trusted for the repository's host (argocd-tls-certs-cm). */
  caCerts?: string | undefined;
  timeoutMs: number;
  /**
   * The repository the credentials belong to (default: the URL asked for): they go to its scheme, host and
   * port only, not to chart archives an index names elsewhere.
   */
  credentialsFor?: string;
  /** Send the credentials to every host (helm.passCredentials), not only the repository's own. */
  passCredentials?: boolean;
  /** Default 256 MiB. */
  maxBytes?: number;
}

export interface ChartHttpResponse {
  status: number;
  body: Buffer;
}

function authorization(c: RepoCredentials | undefined): string | undefined {
  if (c?.bearerToken) return `Bearer ${c.bearerToken}`;
  if (c?.username || c?.password)
    return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
  return undefined;
}

async function once(url: URL, origin: string, opts: ChartHttpOptions): Promise<IncomingMessage> {
  const c = opts.credentials;
  const auth = url.origin === origin || opts.passCredentials ? authorization(c) : undefined;
  const headers: Record<string, string> = { accept: '*/*', ...(auth ? { authorization: auth } : {}) };
  const tls =
    url.protocol === 'https:'
      ? {
          ...(opts.caCerts ? { ca: opts.caCerts } : {}),
          ...(c?.insecure ? { rejectUnauthorized: false } : {}),
          ...(c?.tlsClientCertData && c.tlsClientCertKey
            ? { cert: c.tlsClientCertData, key: c.tlsClientCertKey }
            : {}),
        }
      : {};
  const proxy = proxyFor(url, { proxy: c?.proxy, noProxy: c?.noProxy });
  // Through a proxy: https:// over a CONNECT tunnel (TLS end to end), http:// as an absolute-URI request.
  const tunnel =
    proxy && url.protocol === 'https:'
      ? await connectTunnel(
          proxy,
          url.hostname.replace(/^\[|\]$/g, ''),
          Number(url.port || 443),
          opts.timeoutMs,
        )
      : undefined;
  return new Promise((resolve, reject) => {
    const options = { method: 'GET', headers, timeout: opts.timeoutMs, ...tls };
    const req = tunnel
      ? httpsRequest(
          url,
          {
            ...options,
            createConnection: () =>
              tlsConnect({
                socket: tunnel,
                ...(isIP(url.hostname) ? {} : { servername: url.hostname }),
                ...tls,
              }),
          },
          resolve,
        )
      : proxy
        ? requestViaProxy(proxy, url, { headers, timeout: opts.timeoutMs }, resolve)
        : (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, resolve);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(opts.timeoutMs / 1000)}s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Follows up to five redirects; the body of the final answer, whatever its status. */
export async function chartGet(raw: string, opts: ChartHttpOptions): Promise<ChartHttpResponse> {
  let url = new URL(raw);
  const origin = new URL(opts.credentialsFor ?? raw).origin;
  for (let hop = 0; hop < 6; hop++) {
    const res = await once(url, origin, opts);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      url = new URL(location, url);
      continue;
    }
    const limit = opts.maxBytes ?? 256 * 1024 ** 2;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        res.destroy();
        throw new Error(`the answer is larger than ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return { status, body: Buffer.concat(chunks) };
  }
  throw new Error('more than five redirects');
}
