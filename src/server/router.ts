// Matches a method and path against the route table; path parameters are decoded per segment.
import type { Method, Route } from './route.js';

interface Compiled {
  route: Route;
  segments: string[];
}

export type RouteMatch =
  { route: Route; params: Record<string, string> } | { route: undefined; allowed: Method[] };

export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.path.replace(/\{[^}]+\}/g, '{}')}`;
      if (seen.has(key)) throw new Error(`route ${r.method} ${r.path} is declared twice`);
      seen.add(key);
      if (r.auth === 'user' && !r.rbac) throw new Error(`route ${r.method} ${r.path} declares no RBAC check`);
    }
  }

  /** `path` is the raw (still percent-encoded) path; an undecodable segment matches nothing. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').slice(1);
    const allowed: Method[] = [];
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      if (c.route.method === method) return { route: c.route, params };
      allowed.push(c.route.method);
    }
    return { route: undefined, allowed };
  }
}

/** `{x}` takes one segment; a last `{x*}` takes the rest of the path, slashes included (can-i objects). */
function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const last = pattern[pattern.length - 1] ?? '';
  const greedy = last.endsWith('*}');
  if (greedy ? parts.length < pattern.length : pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const v = greedy && i === pattern.length - 1 ? parts.slice(i).join('/') : (parts[i] ?? '');
    if (greedy && i === pattern.length - 1) {
      try {
        params[p.slice(1, -2)] = decodeURIComponent(v);
      } catch {
        return undefined;
      }
    } else if (p.startsWith('{') && p.endsWith('}')) {
      if (v === '') return undefined;
      try {
        params[p.slice(1, -1)] = decodeURIComponent(v);
      } catch {
        return undefined;
      }
    } else if (p !== v) return undefined;
  }
  return params;
}
