// Requests to an OpenID issuer: the platform's fetch, or — with `rootCA` in oidc.config, as Argo CD —
// HTTPS that trusts only that PEM (a provider behind a private CA).
import https from 'node:https';

export interface IssuerRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
}

export type IssuerFetch = (url: string, init?: IssuerRequest) => Promise<Response>;

/** The fetch for one issuer: plain `fetch` without a root CA (or for http:// URLs), else HTTPS with that CA. */
export function issuerFetch(rootCA: string | undefined): IssuerFetch {
  const plain: IssuerFetch = (url, init = {}) =>
    fetch(url, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  if (!rootCA) return plain;
  return (url, init = {}) => {
    if (!url.startsWith('https:')) return plain(url, init);
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers,
          ca: rootCA,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string') headers.set(k, v);
              else if (Array.isArray(v)) for (const one of v) headers.append(k, one);
            const status = res.statusCode ?? 502;
            // A Response may not carry a body with 204/304.
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on('error', (e) =>
        reject(
          new Error(`${e.message} (oidc.config rootCA is the only CA trusted for ${new URL(url).host})`),
        ),
      );
      req.end(init.body);
    });
  };
}
