// An in-memory LRU of render results keyed by (repo, SHA, path, hash of everything else that
// changes the output), bounded by their size; a hit costs a hash and a map lookup, no process.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/index.js';
import { rememberDigest } from '../model/content-digest.js';
import type { SourceType } from './types.js';

export interface CachedRender {
  objects: KubeObject[];
  sourceType: SourceType;
  /** Each object's content digest (src/model/content-digest.ts), computed once per render. */
  digests: readonly string[];
}

/** Stable JSON: object keys sorted, so equal options give equal hashes. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function renderKey(parts: { repo: string; revision: string; path: string; options: unknown }): string {
  const h = createHash('sha256').update(stable(parts.options)).digest('hex').slice(0, 24);
  return `${parts.repo}\n${parts.revision}\n${parts.path}\n${h}`;
}

/**
 * The JSON bytes of renders kept by default. Bounded by size, not by count: 10,000 apps of a few objects
 * each take ~15 MB, so every app's render stays cached (a count of 2,000 made every steady-state refresh
 * of a larger fleet render again), while a few huge charts cannot take the process's memory.
 */
export const DEFAULT_RENDER_CACHE_BYTES = 128 * 2 ** 20;

interface Entry {
  value: CachedRender;
  bytes: number;
}

/** A least-recently-used map of renders, bounded by their JSON size. */
export class RenderCache {
  private readonly map = new Map<string, Entry>();
  private total = 0;
  constructor(private readonly maxBytes = DEFAULT_RENDER_CACHE_BYTES) {}

  get(key: string): CachedRender | undefined {
    const e = this.map.get(key);
    if (e) {
      // Re-insert to mark as recently used.
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e?.value;
  }

  set(key: string, value: CachedRender): void {
    this.delete(key);
    const bytes = JSON.stringify(value.objects).length;
    if (bytes > this.maxBytes) return; // larger than the whole cache: rendered each time
    this.map.set(key, { value, bytes });
    this.total += bytes;
    for (const oldest of this.map.keys()) {
      if (this.total <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** JSON bytes of the renders held. */
  get bytes(): number {
    return this.total;
  }

  private delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.map.delete(key);
    this.total -= e.bytes;
  }
}

/**
 * The caller's own copies of a render's objects (it may change them), each carrying its digest so that
 * nothing downstream serializes it again to recognise it (the server-side diff's prediction key).
 */
export function renderCopies(render: CachedRender): KubeObject[] {
  const out = structuredClone(render.objects);
  out.forEach((o, i) => {
    const d = render.digests[i];
    if (d !== undefined) rememberDigest(o, d);
  });
  return out;
}
