import { describe, expect, it } from 'vitest';
import type { Application } from '../api/types.ts';
import {
  applyFilters,
  emptyFilters,
  filtersFromQuery,
  filtersToQuery,
  matchesLabel,
  type AppFilters,
} from './filters.ts';

function app(
  name: string,
  o: {
    project?: string;
    sync?: 'Synced' | 'OutOfSync';
    health?: 'Healthy' | 'Degraded';
    ns?: string;
    server?: string;
    labels?: Record<string, string>;
  } = {},
): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, labels: o.labels ?? {} },
    spec: {
      project: o.project ?? 'default',
      source: { repoURL: 'https://git.example/r.git', path: `apps/${name}` },
      destination: { server: o.server ?? 'https://kubernetes.default.svc', namespace: o.ns ?? 'default' },
    },
    status: { sync: { status: o.sync ?? 'Synced' }, health: { status: o.health ?? 'Healthy' } },
  };
}

describe('URL filters', () => {
  it('round-trips every filter through the query string', () => {
    const f: AppFilters = {
      projects: ['team-a', 'team-b'],
      sync: ['OutOfSync'],
      health: ['Degraded', 'Missing'],
      clusters: ['in-cluster'],
      namespaces: ['web'],
      labels: ['env=prod', '!legacy'],
      search: 'guest book',
      view: 'table',
    };
    const q = filtersToQuery(f);
    expect(filtersFromQuery(q)).toEqual(f);
    expect(q).toBe(
      '?proj=team-a%2Cteam-b&sync=OutOfSync&health=Degraded%2CMissing&cluster=in-cluster&ns=web&labels=env%3Dprod%2C%21legacy&q=guest+book&view=table',
    );
  });

  it('leaves no query for empty filters and drops unknown status values', () => {
    expect(filtersToQuery(emptyFilters)).toBe('');
    expect(filtersFromQuery('?sync=Bogus,Synced&health=Nope')).toMatchObject({
      sync: ['Synced'],
      health: [],
    });
    expect(filtersFromQuery('')).toEqual(emptyFilters);
  });
});

describe('matchesLabel', () => {
  const l = { env: 'prod', team: 'a' };
  it('supports =, ==, !=, exists and not-exists', () => {
    expect(matchesLabel(l, 'env=prod')).toBe(true);
    expect(matchesLabel(l, 'env==prod')).toBe(true);
    expect(matchesLabel(l, 'env=dev')).toBe(false);
    expect(matchesLabel(l, 'env!=dev')).toBe(true);
    expect(matchesLabel(l, 'team')).toBe(true);
    expect(matchesLabel(l, '!team')).toBe(false);
    expect(matchesLabel(undefined, '!team')).toBe(true);
  });
});

describe('applyFilters', () => {
  const apps = [
    app('guestbook', { sync: 'OutOfSync', health: 'Degraded', labels: { env: 'prod' } }),
    app('billing', { project: 'payments', ns: 'billing', labels: { env: 'prod' } }),
    app('search', { server: 'https://other:6443', labels: { env: 'dev' } }),
  ];
  const run = (f: Partial<AppFilters>) => applyFilters(apps, { ...emptyFilters, ...f });

  it('combines filters with AND across kinds and OR within one kind', () => {
    expect(run({ labels: ['env=prod'] }).items.map((a) => a.metadata.name)).toEqual(['guestbook', 'billing']);
    expect(run({ labels: ['env=prod'], projects: ['payments'] }).items.map((a) => a.metadata.name)).toEqual([
      'billing',
    ]);
    expect(run({ health: ['Degraded', 'Healthy'] }).items).toHaveLength(3);
    expect(run({ clusters: ['https://other:6443'] }).items.map((a) => a.metadata.name)).toEqual(['search']);
    expect(run({ namespaces: ['billing'] }).items.map((a) => a.metadata.name)).toEqual(['billing']);
  });

  it('searches name, project and repo path, case-insensitively', () => {
    expect(run({ search: 'GUEST' }).items.map((a) => a.metadata.name)).toEqual(['guestbook']);
    expect(run({ search: 'payments' }).items.map((a) => a.metadata.name)).toEqual(['billing']);
    expect(run({ search: 'apps/search' }).items.map((a) => a.metadata.name)).toEqual(['search']);
  });

  it('counts each status among apps matching the other filters', () => {
    const r = run({ sync: ['OutOfSync'] });
    expect(r.items).toHaveLength(1);
    // The sync counts ignore the sync filter itself, so "Synced: 2" says what clicking it would show.
    expect(r.syncCounts).toMatchObject({ Synced: 2, OutOfSync: 1 });
    expect(r.healthCounts).toMatchObject({ Degraded: 1, Healthy: 0 });
  });
});
