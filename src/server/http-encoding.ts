// Response bodies by Accept-Encoding (br, gzip) and conditional GETs (ETag, If-None-Match → 304).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Smaller bodies go out as they are: compressing them costs more than it saves. */
export const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * The encoding to answer with: br before gzip unless the client prefers gzip by q-value; `q=0` refuses.
 * `identity` or nothing acceptable: undefined.
 */
export function negotiateEncoding(accept: string | undefined): Encoding | undefined {
  if (!accept) return undefined;
  const q = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding) => q.get(e) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0);
  if (best.length === 0) return undefined;
  return best.reduce((a, b) => (weight(b) > weight(a) ? b : a));
}

/** Compresses off the event loop; brotli at a speed-minded quality (level 11 is far too slow for live lists). */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'gzip') return gz(body, { level: 6 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/** Whether `If-None-Match` names this (weak) ETag; `*` matches any. */
export function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/**
 * List bodies by ETag and encoding (compressed, or as they are for clients that accept none): many clients
 * asking for the same page share one build and one compression. Bounded by entries and by bytes.
 */
export class EncodedBodies {
  private readonly cache = new Map<string, { body: Promise<Buffer>; bytes: number }>();
  private bytes = 0;
  constructor(
    private readonly maxEntries = 64,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(etag: string, encoding: Encoding | undefined, body: () => Buffer): Promise<Buffer> {
    const key = `${encoding ?? 'identity'} ${etag}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.body;
    }
    const raw = body();
    const entry = { body: encoding ? compress(raw, encoding) : Promise.resolve(raw), bytes: 0 };
    this.cache.set(key, entry);
    entry.body.then(
      (b) => {
        if (this.cache.get(key) !== entry) return;
        entry.bytes = b.length;
        this.bytes += b.length;
        this.evict(key);
      },
      () => this.drop(key),
    );
    this.evict(key);
    return entry.body;
  }

  /** Oldest first, never the entry just added. */
  private evict(keep: string): void {
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (key !== keep) this.drop(key);
    }
  }

  private drop(key: string): void {
    const entry = this.cache.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.cache.delete(key);
  }
}

export interface EncodedResponse {
  status: number;
  /** The JSON text, or a function producing it (not called for a 304). */
  text: string | (() => string | Buffer);
  etag?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** Writes a JSON response: 304 when the ETag matches, else compressed when the client accepts it. */
export async function sendEncoded(
  req: IncomingMessage,
  res: ServerResponse,
  r: EncodedResponse,
  shared?: EncodedBodies,
): Promise<void> {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    // Cached copies must be revalidated (the ETag makes that cheap); never stored by shared caches.
    'Cache-Control': r.etag ? 'private, no-cache' : 'no-store',
    Vary: 'Accept-Encoding',
    ...(r.etag ? { ETag: r.etag } : {}),
    ...r.headers,
  };
  if (r.etag && r.status === 200 && notModified(req, r.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const raw = () => {
    const t = typeof r.text === 'string' ? r.text : r.text();
    return typeof t === 'string' ? Buffer.from(t) : t;
  };
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  let body: Buffer;
  if (r.etag && shared) {
    // A repeated list shares the bytes (compressed when the client accepts it) and skips building the text.
    body = await shared.get(r.etag, encoding, raw);
    if (encoding) headers['Content-Encoding'] = encoding;
  } else {
    body = raw();
    if (encoding && body.length >= MIN_COMPRESS_BYTES) {
      body = await compress(body, encoding);
      headers['Content-Encoding'] = encoding;
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(r.status, headers);
  res.end(body);
}
