// Request bodies: read with a size limit, parse JSON, validate with zod into clear 400 errors.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { badRequest, HttpError } from './http-error.js';

export const DEFAULT_MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(tooLarge(maxBytes));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(max: number): HttpError {
  return new HttpError(413, `the request body is larger than ${max} bytes`);
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(body)';
}

/** Validates `value`; on failure a 400 listing every problem as `field.path: message`. */
export function validateBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  throw badRequest(`invalid request body: ${issues.join('; ')}`, 'see /api/openapi.json for the schema', {
    issues,
  });
}
