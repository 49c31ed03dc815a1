// One HTTP request for the HTTP-based services (webhook, Slack, Teams, Alertmanager, PagerDuty): a
// status ≥ 300 or a network error is a failed delivery; the answer's body is kept short.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  insecureSkipVerify?: boolean;
  timeoutMs?: number;
}

export class DeliveryError extends Error {}

export function send(call: HttpCall): Promise<{ status: number; body: string }> {
  const url = new URL(call.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method,
        headers: {
          ...(call.body !== undefined ? { 'content-length': Buffer.byteLength(call.body) } : {}),
          ...call.headers,
        },
        timeout: call.timeoutMs ?? 30_000,
        ...(url.protocol === 'https:' && call.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8').slice(0, 2_000);
          const status = res.statusCode ?? 0;
          if (status >= 300)
            reject(
              new DeliveryError(
                `${call.method} ${url.origin}${url.pathname} answered ${status}: ${body.slice(0, 200)}`,
              ),
            );
          else resolve({ status, body });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new DeliveryError(`${call.method} ${url.origin}${url.pathname}: no answer in time`)),
    );
    req.on('error', (e) =>
      reject(
        e instanceof DeliveryError
          ? e
          : new DeliveryError(`${call.method} ${url.origin}${url.pathname}: ${e.message}`),
      ),
    );
    req.end(call.body);
  });
}

export function basicAuth(auth: unknown): Record<string, string> {
  if (!auth || typeof auth !== 'object') return {};
  const { username, password } = auth as { username?: unknown; password?: unknown };
  if (typeof username !== 'string') return {};
  const pass = typeof password === 'string' ? password : '';
  return { authorization: `Basic ${Buffer.from(`${username}:${pass}`).toString('base64')}` };
}

/** Joins a base URL and a path as Argo CD's webhook service does (no double slash). */
export function joinUrl(base: string, path: string | undefined): string {
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
