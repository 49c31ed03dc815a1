// Agents that reach an API server through an HTTP proxy (`proxy-url`): CONNECT tunnels for https.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

type Callback = (err: Error | null, socket?: Duplex) => void;

/** An https.Agent whose connections are TLS over a CONNECT tunnel opened at the proxy. */
export class ConnectTunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    opts: https.AgentOptions,
  ) {
    super(opts);
  }

  override createConnection(
    options: tls.ConnectionOptions & { host?: string; port?: number },
    cb: Callback,
  ): undefined {
    const target = `${options.host ?? 'localhost'}:${options.port ?? 443}`;
    const headers: Record<string, string> = { Host: target };
    if (this.proxy.username)
      headers['Proxy-Authorization'] =
        `Basic ${Buffer.from(`${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`).toString('base64')}`;
    const req = http.request({
      host: this.proxy.hostname.replace(/^\[|\]$/g, ''),
      port: this.proxy.port || 80,
      method: 'CONNECT',
      path: target,
      headers,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        cb(new Error(`proxy ${this.proxy.host} refused CONNECT ${target}: ${res.statusCode ?? 0}`));
        return;
      }
      const secure = tls.connect({ ...options, socket });
      secure.once('secureConnect', () => cb(null, secure));
      secure.once('error', (e) => cb(e));
    });
    req.once('error', (e) => cb(e));
    req.end();
    return undefined;
  }
}

/** Plain http through a proxy: requests go to the proxy with absolute URLs. */
export function httpProxyTarget(proxy: URL): { hostname: string; port: string } {
  return { hostname: proxy.hostname.replace(/^\[|\]$/g, ''), port: proxy.port || '80' };
}
