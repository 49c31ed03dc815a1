// The applications list: search, filters in the URL, counts, and a virtualized tile grid or table, kept live.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useApplications } from '../../state/applications-store.tsx';
import { useCan } from '../../state/use-can.ts';
import { useRouter } from '../../app/router.tsx';
import { applyFilters, filterOptions } from '../../lib/filters.ts';
import { VirtualList } from '../../components/VirtualList.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { GuardedButton } from '../../components/Guarded.tsx';
import { AppTile } from './AppTile.tsx';
import { AppRow, AppTableHeader } from './AppTable.tsx';
import { FilterBar } from './FilterBar.tsx';
import { StatusSummary } from './StatusSummary.tsx';
import { useUrlFilters } from './use-url-filters.ts';

export function ApplicationsPage() {
  const { state, sorted, reload } = useApplications();
  const [filters, update] = useUrlFilters();
  const { navigate } = useRouter();
  const canCreate = useCan('applications', 'create', '*/*');
  const [showFilters, setShowFilters] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // The list may lag a keystroke behind the search box; the box itself never does.
  const deferred = useDeferredValue(filters);
  const result = useMemo(() => applyFilters(sorted, deferred), [sorted, deferred]);
  const options = useMemo(() => filterOptions(sorted), [sorted]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === '/' && t?.tagName !== 'INPUT' && t?.tagName !== 'TEXTAREA') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const items = result.items;
  const loadingFirst = state.loading && sorted.length === 0;
  return (
    <div className={`apps-page ${showFilters ? 'filters-open' : ''}`}>
      <FilterBar filters={filters} update={update} counts={result} options={options} />
      <section className="apps-main" aria-labelledby="apps-title">
        <div className="toolbar">
          <h1 id="apps-title">Applications</h1>
          <input
            ref={searchRef}
            type="search"
            className="search"
            aria-label="Search applications"
            placeholder="Search name, project, repo…  ( / )"
            value={filters.search}
            onChange={(e) => update({ search: e.target.value })}
          />
          <button
            type="button"
            className="btn filters-toggle"
            aria-expanded={showFilters}
            onClick={() => setShowFilters((v) => !v)}
          >
            Filters
          </button>
          <div className="segmented" role="group" aria-label="View">
            <button
              type="button"
              aria-pressed={filters.view === 'tiles'}
              onClick={() => update({ view: 'tiles' })}
            >
              Tiles
            </button>
            <button
              type="button"
              aria-pressed={filters.view === 'table'}
              onClick={() => update({ view: 'table' })}
            >
              Table
            </button>
          </div>
          <GuardedButton
            perm={canCreate}
            className="btn btn-primary"
            onClick={() => navigate('/applications/new')}
          >
            + New app
          </GuardedButton>
        </div>
        <StatusSummary
          shown={items.length}
          total={sorted.length}
          counts={result}
          filters={filters}
          update={update}
        />
        {state.loading && sorted.length > 0 && (
          <p className="loading-more" role="status">
            Loaded {sorted.length.toLocaleString()}
            {state.remaining ? ` — ${state.remaining.toLocaleString()} more coming` : '…'}
          </p>
        )}
        {state.error && (
          <ErrorState
            title="Could not load applications"
            message={state.error}
            action={
              <button className="btn" type="button" onClick={reload}>
                Retry
              </button>
            }
          />
        )}
        {loadingFirst && <Loading what="applications" />}
        {!loadingFirst && !state.error && sorted.length === 0 && (
          <Empty title="No applications yet">Create one to start deploying from Git.</Empty>
        )}
        {sorted.length > 0 && items.length === 0 && (
          <Empty title="No applications match these filters">Clear a filter to see more.</Empty>
        )}
        {items.length > 0 &&
          (filters.view === 'tiles' ? (
            <VirtualList
              key="tiles"
              className="app-tiles"
              label="Applications"
              count={items.length}
              rowHeight={150}
              minColumnWidth={330}
              gap={14}
              renderItem={(i) => {
                const a = items[i];
                return a ? <AppTile app={a} /> : null;
              }}
            />
          ) : (
            <VirtualList
              key="table"
              className="app-table"
              label="Applications"
              count={items.length}
              rowHeight={44}
              header={<AppTableHeader />}
              renderItem={(i) => {
                const a = items[i];
                return a ? <AppRow app={a} /> : null;
              }}
            />
          ))}
      </section>
    </div>
  );
}
