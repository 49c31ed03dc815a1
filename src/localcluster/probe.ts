// Health probes of control-plane endpoints (self-signed TLS on loopback, so no verification).
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';

/** GETs a URL; resolves true on a 2xx answer within the timeout. */
export function probe(url: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const isHttps = url.startsWith('https:');
    const req = (isHttps ? httpsRequest : httpRequest)(
      url,
      { rejectUnauthorized: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
