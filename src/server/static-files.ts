// Serves the built web UI (ui/dist): files by path with their content type, index.html for client-side routes.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file a URL path names inside `root`, or undefined when the path would leave it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

/** Serves `urlPath` from `root`; unknown paths get index.html (the UI routes them). False when there is no UI build. */
export async function serveStatic(
  root: string,
  urlPath: string,
  method: string,
  res: ServerResponse,
): Promise<boolean> {
  const index = join(root, 'index.html');
  if (!(await isFile(index))) return false;
  const target = resolveInside(root, urlPath);
  if (target === undefined) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad path\n');
    return true;
  }
  const found = await isFile(target);
  // A missing hashed asset (an old index.html in a browser's cache) must not be answered with HTML.
  if (!found && urlPath.startsWith('/assets/')) {
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end('no such asset\n');
    return true;
  }
  const file = found ? target : index;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed asset names may be cached for good; index.html must be re-read to pick up new builds.
  const cache = file === index ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' });
  if (method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file).pipe(res);
  return true;
}
