// A plain-HTTP port with /healthz, /readyz and /metrics only: the controller component's port, and the
// metrics port (`--metrics-port`, Argo CD's 8082/8083) of any component.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenPlain } from './listener.js';
import { serveMetrics, type MetricsSource } from './metrics.js';

export interface ProbeServer {
  port: number;
  /** Probes answer from the start. */
  whenServing(): Promise<void>;
  close(): Promise<void>;
}

export async function startProbeServer(opts: {
  metrics: MetricsSource;
  port: number;
  host: string;
  ready: () => boolean;
}): Promise<ProbeServer> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    if (path === '/readyz') {
      const ok = opts.ready();
      return void res
        .writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' })
        .end(ok ? 'ok\n' : 'not ready\n');
    }
    if (path === '/metrics') return serveMetrics(opts.metrics, res);
    res
      .writeHead(404, { 'Content-Type': 'text/plain' })
      .end('this port serves /healthz, /readyz and /metrics\n');
  };
  const listener = await listenPlain(handler, opts.port, opts.host);
  return {
    port: listener.port,
    whenServing: () => Promise.resolve(),
    close: () => listener.close(),
  };
}
