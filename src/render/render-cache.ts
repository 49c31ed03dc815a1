// An in-memory LRU of render results keyed by (repo, SHA, path, hash of everything else that
// changes the output); a hit costs a hash and a map lookup, no process.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/index.js';
import type { SourceType } from './types.js';

export interface CachedRender {
  objects: KubeObject[];
  sourceType: SourceType;
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

export class RenderCache {
  private readonly map = new Map<string, CachedRender>();
  constructor(private readonly maxEntries = 2000) {}

  get(key: string): CachedRender | undefined {
    const v = this.map.get(key);
    if (v) {
      // Re-insert to mark as recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: CachedRender): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }
}
