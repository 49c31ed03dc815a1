// The HTTP listener of `driftless server`: health, readiness and metrics for now (the API grows here).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface HttpServerOptions {
  port: number;
  host: string;
  ready: () => boolean;
  metrics: () => string;
}

export function startHttpServer(opts: HttpServerOptions): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return send(res, 200, 'ok\n');
    if (path === '/readyz') return opts.ready() ? send(res, 200, 'ok\n') : send(res, 503, 'not ready\n');
    if (path === '/metrics') return send(res, 200, opts.metrics(), 'text/plain; version=0.0.4');
    return send(
      res,
      404,
      JSON.stringify({ error: `no route for ${req.method} ${path}` }) + '\n',
      'application/json',
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}

function send(res: ServerResponse, code: number, body: string, type = 'text/plain'): void {
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
