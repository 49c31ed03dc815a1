// The applications page asks the server only for APP_LIST_FIELDS: tiles, table rows, filters and counts must show
// the same from that selection as from whole apps, and the selection must leave the heavy parts out.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { fieldTree, selectFields } from '../../test-support/select-fields.ts';
import { APP_LIST_FIELDS, APP_STREAM_FIELDS } from '../../api/client.ts';
import type { Application } from '../../api/types.ts';
import { RouterProvider } from '../../app/router.tsx';
import { applyFilters, filterOptions, filtersFromQuery } from '../../lib/filters.ts';
import { AppRow } from './AppTable.tsx';
import { AppTile } from './AppTile.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const sha = (n: number) => `${String(n).padStart(4, '0')}${'c'.repeat(36)}`;

/** A reconciled app with everything the list must not need: resources, results, a long history. */
function wholeApp(i: number, opts: { noOperation?: boolean } = {}): Application {
  const name = `shop-${i}`;
  const source = {
    repoURL: `https://git.example/team-${i % 3}/apps.git`,
    path: `apps/${name}`,
    targetRevision: 'main',
  };
  const resources = ['Deployment', 'Service'].map((kind) => ({
    group: kind === 'Deployment' ? 'apps' : '',
    version: 'v1',
    kind,
    namespace: name,
    name,
    status: 'Synced',
    health: { status: 'Healthy' },
  }));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      uid: `uid-${i}`,
      resourceVersion: String(100 + i),
      labels: { team: `t${i % 2}` },
      annotations: { note: 'x'.repeat(200) },
    },
    spec: {
      project: i % 2 ? 'payments' : 'default',
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
      syncPolicy: { automated: { prune: true } },
    },
    status: {
      sync: {
        status: i % 3 ? 'Synced' : 'OutOfSync',
        revision: sha(i),
        comparedTo: { source, destination: {} },
      },
      health: { status: i % 4 ? 'Healthy' : 'Degraded', message: 'replicas 1/2' },
      conditions: i % 5 ? [] : [{ type: 'ComparisonError', message: 'render failed' }],
      resources,
      summary: { images: ['nginx:1.27'] },
      operationState: opts.noOperation
        ? undefined
        : {
            phase: i % 6 ? 'Succeeded' : 'Running',
            message: 'successfully synced',
            startedAt: '2026-11-30T10:00:00Z',
            finishedAt: '2026-11-30T10:00:05Z',
            operation: { sync: { revision: sha(i) } },
            syncResult: {
              revision: sha(i),
              resources: resources.map((r) => ({ ...r, message: 'configured' })),
            },
          },
      history: Array.from({ length: 10 }, (_, h) => ({
        id: h,
        revision: sha(h),
        deployedAt: `2026-11-${String(10 + h).padStart(2, '0')}T00:00:00Z`,
        source,
      })),
    },
  } as unknown as Application;
}

function html(node: React.ReactNode): string {
  const el = document.createElement('div');
  const root = createRoot(el);
  act(() => root.render(<RouterProvider>{node}</RouterProvider>));
  const out = el.innerHTML;
  act(() => root.unmount());
  return out;
}

describe('APP_LIST_FIELDS', () => {
  const apps = [
    ...Array.from({ length: 12 }, (_, i) => wholeApp(i)),
    // No operation state: the last sync falls back to the newest history entry's time.
    wholeApp(12, { noOperation: true }),
  ];
  const tree = fieldTree(APP_LIST_FIELDS, 'items');
  if (!tree) throw new Error('APP_LIST_FIELDS selects nothing under items');
  const listed = apps.map((a) => selectFields(a, tree) as Application);

  it('tiles and table rows show the same from the selection as from whole apps', () => {
    for (let i = 0; i < apps.length; i++) {
      const [whole, partial] = [apps[i] as Application, listed[i] as Application];
      expect(html(<AppTile app={partial} />)).toBe(html(<AppTile app={whole} />));
      expect(html(<AppRow app={partial} />)).toBe(html(<AppRow app={whole} />));
    }
    expect(html(<AppTile app={listed[12] as Application} />)).toContain('ago');
  });

  it('filters, counts and filter options come out the same', () => {
    const names = (r: { items: Application[] }) => r.items.map((a) => a.metadata.name);
    for (const q of [
      '',
      'sync=OutOfSync',
      'health=Degraded',
      'proj=payments',
      'labels=team%3Dt1',
      'q=team-2',
      'ns=shop-3',
    ]) {
      const f = filtersFromQuery(q ? `?${q}` : '');
      const [a, b] = [applyFilters(apps, f), applyFilters(listed, f)];
      expect(names(b)).toEqual(names(a));
      expect([b.syncCounts, b.healthCounts]).toEqual([a.syncCounts, a.healthCounts]);
    }
    expect(filterOptions(listed)).toEqual(filterOptions(apps));
  });

  it('leaves resources, operation results, summaries and history sources out: a fraction of the bytes', () => {
    const one = listed[0] as Application;
    expect(one.status?.resources).toBeUndefined();
    expect(one.status?.summary).toBeUndefined();
    expect(one.status?.operationState?.syncResult).toBeUndefined();
    expect(one.status?.history?.[0]).toEqual({ deployedAt: '2026-11-10T00:00:00Z' });
    expect(JSON.stringify(listed).length).toBeLessThan(JSON.stringify(apps).length / 3);
  });

  it("the list's watch selects exactly what the list does (the store holds one shape)", () => {
    expect(APP_LIST_FIELDS.every((f) => f.startsWith('items.'))).toBe(true);
    expect(fieldTree(APP_STREAM_FIELDS, 'result.application')).toEqual(tree);
  });
});
