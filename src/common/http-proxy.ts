// Forward proxies for our own HTTP(S) requests (Helm chart repositories): a repository's `proxy`, else
// HTTPS_PROXY/HTTP_PROXY from the environment, unless the host matches `noProxy` (else NO_PROXY); https://
// targets through a CONNECT tunnel, http:// ones as absolute-URI requests. See ADR 0048.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { BlockList, isIP, type Socket } from 'node:net';

export interface ProxySettings {
  proxy?: string | undefined;
  noProxy?: string | undefined;
}

/** The proxy to reach `target` through, or undefined to go direct. */
export function proxyFor(
  target: URL,
  settings: ProxySettings,
  env: NodeJS.ProcessEnv = process.env,
): URL | undefined {
  const own = settings.proxy?.trim();
  const raw =
    own ||
    (target.protocol === 'https:'
      ? (env['HTTPS_PROXY'] ?? env['https_proxy'])
      : (env['HTTP_PROXY'] ?? env['http_proxy']));
  if (!raw) return undefined;
  // The environment's proxy is not for this machine's own services (as Go's ProxyFromEnvironment, helm's).
  if (!own && isLoopback(target.hostname)) return undefined;
  const noProxy = own ? (settings.noProxy ?? '') : (env['NO_PROXY'] ?? env['no_proxy'] ?? '');
  if (bypasses(target, noProxy)) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new Error(`the proxy ${JSON.stringify(redactProxy(raw))} is not a URL`);
  }
  if (proxy.protocol !== 'http:')
    throw new Error(`the proxy ${redactProxy(proxy.href)} is not supported: use an http:// proxy URL`);
  return proxy;
}

/** Whether `noProxy` (comma- or space-separated hosts, .domains, IPs, CIDRs, optional :port, `*`) names the target. */
export function bypasses(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (let entry of noProxy.toLowerCase().split(/[\s,]+/)) {
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    const withPort = /^(.*[^:\]]):(\d+)$/.exec(entry);
    if (withPort && !isIP(entry)) {
      if (withPort[2] !== port) continue;
      entry = withPort[1] ?? '';
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}

function inCidr(host: string, cidr: string): boolean {
  const [net = '', bits = ''] = cidr.split('/');
  const family = isIP(net);
  if (!family || isIP(host) !== family) return false;
  const list = new BlockList();
  try {
    list.addSubnet(net, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
  return list.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The environment that makes a tool (helm) use a repository's proxy and only its noProxy; empty when the
 * repository names no proxy (the tool then keeps the server's own HTTPS_PROXY/NO_PROXY).
 */
export function proxyEnvironment(settings: ProxySettings | undefined): Record<string, string> {
  const proxy = settings?.proxy?.trim();
  if (!proxy) return {};
  const noProxy = settings?.noProxy ?? '';
  return {
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    http_proxy: proxy,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

/** The proxy URL without its password, for messages. */
export function redactProxy(raw: string): string {
  return raw.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const pair = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(pair).toString('base64')}` };
}

/** A socket tunnelled through `proxy` to `host:port` (CONNECT), once the proxy said 200. */
export function connectTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const via = redactProxy(proxy.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      timeout: timeoutMs,
    });
    req.on('connect', (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy ${via} refused the tunnel to ${authority} (HTTP ${res.statusCode})`));
    });
    req.on('timeout', () =>
      req.destroy(
        new Error(`the proxy ${via} did not open a tunnel within ${Math.round(timeoutMs / 1000)}s`),
      ),
    );
    req.on('error', (e) =>
      reject(e.message.startsWith('the proxy') ? e : new Error(`the proxy ${via}: ${e.message}`)),
    );
    req.end();
  });
}

/** A GET of an http:// URL sent to `proxy` as an absolute-URI request. */
export function requestViaProxy(
  proxy: URL,
  url: URL,
  opts: { headers: Record<string, string>; timeout: number },
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  return httpRequest(
    {
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'GET',
      path: url.href,
      headers: { ...opts.headers, host: url.host, ...proxyAuthorization(proxy) },
      timeout: opts.timeout,
    },
    onResponse,
  );
}
