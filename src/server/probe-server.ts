// The controller component's own port: /healthz, /readyz and /metrics over plain HTTP (no API, no UI).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenPlain } from './listener.js';
import { ApiMetrics } from './metrics.js';
import type { ControllerStatus, ReadPort } from './ports.js';

export interface ProbeServer {
  port: number;
  metrics: ApiMetrics;
  /** Probes answer from the start. */
  whenServing(): Promise<void>;
  close(): Promise<void>;
}

export async function startProbeServer(opts: {
  read: ReadPort;
  controller: ControllerStatus;
  port: number;
  host: string;
  ready: () => boolean;
}): Promise<ProbeServer> {
  const metrics = new ApiMetrics();
  const detach = metrics.attach(opts.read, opts.controller);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    if (path === '/readyz') {
      const ok = opts.ready();
      return void res
        .writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' })
        .end(ok ? 'ok\n' : 'not ready\n');
    }
    if (path === '/metrics')
      return void res
        .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
        .end(metrics.render(opts.read, opts.controller));
    res
      .writeHead(404, { 'Content-Type': 'text/plain' })
      .end('the controller serves /healthz, /readyz and /metrics\n');
  };
  const listener = await listenPlain(handler, opts.port, opts.host);
  return {
    port: listener.port,
    metrics,
    whenServing: () => Promise.resolve(),
    close: async () => {
      detach();
      await listener.close();
    },
  };
}
