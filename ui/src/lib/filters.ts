// Application list filters: kept in the URL query, applied in one pass, with per-status counts (facets).
import type { Application, HealthStatusCode, SyncStatusCode } from '../api/types.ts';

export const SYNC_STATUSES: readonly SyncStatusCode[] = ['Synced', 'OutOfSync', 'Unknown'];
export const HEALTH_STATUSES: readonly HealthStatusCode[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];

export type ListView = 'tiles' | 'table';

export interface AppFilters {
  projects: string[];
  sync: SyncStatusCode[];
  health: HealthStatusCode[];
  clusters: string[];
  namespaces: string[];
  /** Label requirements: `key=value`, `key!=value`, `key` (exists) or `!key`. */
  labels: string[];
  search: string;
  view: ListView;
}

export const emptyFilters: AppFilters = {
  projects: [],
  sync: [],
  health: [],
  clusters: [],
  namespaces: [],
  labels: [],
  search: '',
  view: 'tiles',
};

const list = (v: string | null): string[] =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
const oneOf = <T extends string>(all: readonly T[], v: string[]): T[] =>
  v.filter((x): x is T => all.includes(x as T));

export function filtersFromQuery(search: string): AppFilters {
  const q = new URLSearchParams(search);
  return {
    projects: list(q.get('proj')),
    sync: oneOf(SYNC_STATUSES, list(q.get('sync'))),
    health: oneOf(HEALTH_STATUSES, list(q.get('health'))),
    clusters: list(q.get('cluster')),
    namespaces: list(q.get('ns')),
    labels: list(q.get('labels')),
    search: q.get('q') ?? '',
    view: q.get('view') === 'table' ? 'table' : 'tiles',
  };
}

/** The query string for a set of filters; empty filters leave no trace, and keys keep a stable order. */
export function filtersToQuery(f: AppFilters): string {
  const q = new URLSearchParams();
  const put = (k: string, v: readonly string[]) => v.length && q.set(k, v.join(','));
  put('proj', f.projects);
  put('sync', f.sync);
  put('health', f.health);
  put('cluster', f.clusters);
  put('ns', f.namespaces);
  put('labels', f.labels);
  if (f.search) q.set('q', f.search);
  if (f.view !== 'tiles') q.set('view', f.view);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function activeFilterCount(f: AppFilters): number {
  return (
    f.projects.length +
    f.sync.length +
    f.health.length +
    f.clusters.length +
    f.namespaces.length +
    f.labels.length +
    (f.search ? 1 : 0)
  );
}

export function syncOf(a: Application): SyncStatusCode {
  return a.status?.sync?.status ?? 'Unknown';
}
export function healthOf(a: Application): HealthStatusCode {
  return a.status?.health?.status ?? 'Unknown';
}
export function clusterOf(a: Application): string {
  return a.spec.destination.name || a.spec.destination.server || '';
}

export function matchesLabel(labels: Readonly<Record<string, string>> | undefined, req: string): boolean {
  const l = labels ?? {};
  const ne = req.indexOf('!=');
  if (ne > 0) return l[req.slice(0, ne).trim()] !== req.slice(ne + 2).trim();
  const eq = req.indexOf('=');
  if (eq > 0)
    return (
      l[req.slice(0, eq).trim()] ===
      req
        .slice(eq + 1)
        .replace(/^=/, '')
        .trim()
    );
  if (req.startsWith('!')) return !(req.slice(1).trim() in l);
  return req.trim() in l;
}

function matchesSearch(a: Application, needle: string): boolean {
  if (!needle) return true;
  const src = a.spec.source ?? a.spec.sources?.[0];
  const hay = `${a.metadata.name} ${a.spec.project} ${src?.repoURL ?? ''} ${src?.path ?? src?.chart ?? ''}`;
  return hay.toLowerCase().includes(needle);
}

interface Dimensions {
  rest: boolean;
  sync: boolean;
  health: boolean;
}

function dimensions(a: Application, f: AppFilters, needle: string): Dimensions {
  const dest = a.spec.destination;
  const rest =
    (f.projects.length === 0 || f.projects.includes(a.spec.project)) &&
    (f.clusters.length === 0 ||
      f.clusters.includes(clusterOf(a)) ||
      (dest.server !== undefined && f.clusters.includes(dest.server))) &&
    (f.namespaces.length === 0 || f.namespaces.includes(dest.namespace ?? '')) &&
    f.labels.every((r) => matchesLabel(a.metadata.labels, r)) &&
    matchesSearch(a, needle);
  return {
    rest,
    sync: f.sync.length === 0 || f.sync.includes(syncOf(a)),
    health: f.health.length === 0 || f.health.includes(healthOf(a)),
  };
}

export interface FilterResult {
  items: Application[];
  /** Counts per status among apps matching every other filter, so a count says what clicking it shows. */
  syncCounts: Record<SyncStatusCode, number>;
  healthCounts: Record<HealthStatusCode, number>;
}

export function applyFilters(apps: readonly Application[], f: AppFilters): FilterResult {
  const needle = f.search.trim().toLowerCase();
  const syncCounts = { Synced: 0, OutOfSync: 0, Unknown: 0 };
  const healthCounts = { Healthy: 0, Progressing: 0, Degraded: 0, Suspended: 0, Missing: 0, Unknown: 0 };
  const items: Application[] = [];
  for (const a of apps) {
    const d = dimensions(a, f, needle);
    if (!d.rest) continue;
    if (d.health) syncCounts[syncOf(a)]++;
    if (d.sync) healthCounts[healthOf(a)]++;
    if (d.sync && d.health) items.push(a);
  }
  return { items, syncCounts, healthCounts };
}

/** Distinct values present in the data, for the filter pickers. */
export function filterOptions(apps: readonly Application[]): {
  projects: string[];
  clusters: string[];
  namespaces: string[];
} {
  const p = new Set<string>();
  const c = new Set<string>();
  const n = new Set<string>();
  for (const a of apps) {
    p.add(a.spec.project);
    const cl = clusterOf(a);
    if (cl) c.add(cl);
    if (a.spec.destination.namespace) n.add(a.spec.destination.namespace);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { projects: sorted(p), clusters: sorted(c), namespaces: sorted(n) };
}
