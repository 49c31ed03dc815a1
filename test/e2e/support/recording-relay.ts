// A loopback HTTP relay in front of a server that notes each request's method and URL as the server receives it,
// so a test can tell what a client (the CLI, the UI) asked for, not only what it printed.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingRelay {
  /** `http://127.0.0.1:PORT`: use in place of the server's URL. */
  readonly url: string;
  /** `METHOD /path?query` of every request relayed so far, in order (a test may empty it). */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Relays to `target` (a plain-HTTP base URL) everything it receives, headers and body unchanged. */
export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const requests: string[] = [];
  const upstream = new URL(target);
  const relay = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (back) => {
        res.writeHead(back.statusCode ?? 502, back.headers);
        back.pipe(res);
      },
    );
    out.on('error', (e) => res.writeHead(502).end(`relay: ${e.message}\n`));
    req.pipe(out);
  };
  const server = createServer(relay);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
