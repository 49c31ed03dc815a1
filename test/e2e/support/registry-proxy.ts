// A counting HTTPS reverse proxy in front of a test registry: records when each request arrived (what
// a rate limit is measured by) and can answer the next requests 429 Too Many Requests with Retry-After.
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RegistryProxy {
  /** `127.0.0.1:PORT`: image references through the proxy start with it. */
  host: string;
  /** Arrival times (ms since the epoch) and paths of the requests forwarded or refused, in order. */
  readonly seen: readonly { at: number; path: string; status: number }[];
  /** Answers the next `n` requests 429 with `Retry-After: retryAfterS`. */
  refuseNext(n: number, retryAfterS: number): void;
  close(): Promise<void>;
}

export async function startRegistryProxy(
  upstream: string,
  tls: { caCert: string; cert: string; key: string },
): Promise<RegistryProxy> {
  const seen: { at: number; path: string; status: number }[] = [];
  let refuse = { n: 0, retryAfterS: 0 };
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const entry = { at: Date.now(), path: req.url ?? '', status: 0 };
    seen.push(entry);
    if (refuse.n > 0) {
      refuse.n--;
      entry.status = 429;
      res.writeHead(429, { 'retry-after': String(refuse.retryAfterS), 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}');
      return;
    }
    const up = request(
      `https://${upstream}${req.url ?? '/'}`,
      { method: req.method, headers: { ...req.headers, host: upstream }, ca: tls.caCert },
      (r) => {
        entry.status = r.statusCode ?? 0;
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', (e) => {
      entry.status = 502;
      res.writeHead(502).end(String(e));
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    refuseNext(n, retryAfterS) {
      refuse = { n, retryAfterS };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The most requests that arrived within any `windowMs` (a sliding window over `seen`). */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
