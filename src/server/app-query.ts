// Filtering and paging the application list: by name, projects, repo and label selector; opaque continue tokens.
import type { Application } from '../model/index.js';
import { badRequest } from './http-error.js';
import { parseLabelSelector } from './label-selector.js';
import { repoKey } from './webhook/repo-match.js';

export interface AppFilter {
  names: Set<string>;
  projects: Set<string>;
  repo: string | undefined;
  selector: ((l: Readonly<Record<string, string>>) => boolean) | undefined;
}

/** Repeated or comma-separated values (`?projects=a&projects=b`, `?projects=a,b`). */
export function multi(query: URLSearchParams, ...names: string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names)
    for (const v of query.getAll(n)) for (const p of v.split(',')) if (p.trim()) out.add(p.trim());
  return out;
}

export function appFilter(query: URLSearchParams): AppFilter {
  const selector = query.get('selector');
  const repo = query.get('repo');
  return {
    names: multi(query, 'name'),
    projects: multi(query, 'projects', 'project'),
    repo: repo ? repoKey(repo) : undefined,
    selector: selector ? parseLabelSelector(selector) : undefined,
  };
}

/** The query parameters `appFilter` reads, as one string: requests with equal keys filter alike. */
export function filterKey(query: URLSearchParams): string {
  return ['name', 'projects', 'project', 'repo', 'selector']
    .map((k) => query.getAll(k).join(','))
    .join('\u0001');
}

export function matchesFilter(app: Application, f: AppFilter): boolean {
  if (f.names.size > 0 && !f.names.has(app.metadata.name)) return false;
  if (f.projects.size > 0 && !f.projects.has(app.spec.project || 'default')) return false;
  if (f.repo !== undefined) {
    const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
    if (!sources.some((s) => repoKey(s.repoURL) === f.repo)) return false;
  }
  if (f.selector && !f.selector(app.metadata.labels ?? {})) return false;
  return true;
}

export interface Page<T> {
  items: T[];
  continue?: string;
  remainingItemCount?: number;
}

/** Pages a name-sorted list; the token is the last name returned, so pages stay stable while apps come and go. */
export function paginate<T>(sorted: readonly T[], nameOf: (t: T) => string, query: URLSearchParams): Page<T> {
  const limitText = query.get('limit');
  const limit = limitText === null || limitText === '' ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0)
    throw badRequest(`limit must be a whole number ≥ 0, got "${limitText}"`);
  const token = query.get('continue');
  let start = 0;
  if (token) {
    let after: string;
    try {
      after = Buffer.from(token, 'base64url').toString('utf8');
    } catch {
      throw badRequest('invalid continue token');
    }
    start = firstAfter(sorted, nameOf, after);
  }
  if (limit === 0) return { items: sorted.slice(start) };
  const items = sorted.slice(start, start + limit);
  const rest = sorted.length - start - items.length;
  const last = items[items.length - 1];
  if (rest <= 0 || last === undefined) return { items };
  return { items, continue: Buffer.from(nameOf(last)).toString('base64url'), remainingItemCount: rest };
}

/** Index of the first item of a name-sorted list whose name sorts after `name` (binary search). */
export function firstAfter<T>(sorted: readonly T[], nameOf: (t: T) => string, name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nameOf(sorted[mid] as T) <= name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function byName(a: Application, b: Application): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
