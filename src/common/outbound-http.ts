// One outbound HTTP(S) call for the services Driftless talks to (notification services, ApplicationSet
// plugin generators): TLS options, a timeout, and errors that name the endpoint with a short body.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DriftlessError } from './errors.js';

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Accept any server certificate (Argo CD's `insecureSkipVerify`). */
  insecureSkipVerify?: boolean;
  /** Default 30 s without an answer. */
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** A call that failed: no connection, no answer in time, or a status of 300 or more (`status` set). */
export class HttpCallError extends DriftlessError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** How much of a refusal's body an error message quotes. */
const ERROR_BODY_CHARS = 200;

export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const where = `${call.method} ${url.origin}${url.pathname}`;
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
        res.on('error', (e) => reject(new HttpCallError(`${where}: ${e.message}`)));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 300)
            reject(
              new HttpCallError(`${where} answered ${status}: ${body.slice(0, ERROR_BODY_CHARS)}`, status),
            );
          else resolve({ status, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new HttpCallError(`${where}: no answer in time`)));
    req.on('error', (e) =>
      reject(e instanceof HttpCallError ? e : new HttpCallError(`${where}: ${e.message}`)),
    );
    req.end(call.body);
  });
}
