// The filter sidebar: search, status checkboxes with counts, and pickers for project, cluster, namespace, labels.
import { useEffect, useState } from 'react';
import {
  HEALTH_STATUSES,
  SYNC_STATUSES,
  activeFilterCount,
  emptyFilters,
  type AppFilters,
  type FilterResult,
} from '../../lib/filters.ts';

interface Props {
  filters: AppFilters;
  update: (patch: Partial<AppFilters>) => void;
  counts: FilterResult;
  options: { projects: string[]; clusters: string[]; namespaces: string[] };
}

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function CheckGroup<T extends string>(p: {
  legend: string;
  values: readonly T[];
  selected: readonly T[];
  counts?: Record<T, number>;
  onChange: (v: T[]) => void;
}) {
  if (p.values.length === 0) return null;
  return (
    <fieldset className="filter-group">
      <legend>{p.legend}</legend>
      <div className={p.values.length > 8 ? 'filter-scroll' : undefined}>
        {p.values.map((v) => (
          <label key={v} className="check">
            <input
              type="checkbox"
              checked={p.selected.includes(v)}
              onChange={() => p.onChange(toggle(p.selected, v))}
            />
            <span className="check-label">{v}</span>
            {p.counts && <span className="count">{p.counts[v].toLocaleString()}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function FilterBar({ filters, update, counts, options }: Props) {
  // Labels are typed as free text and applied on Enter/blur, not on every keystroke.
  const [labels, setLabels] = useState(filters.labels.join(', '));
  useEffect(() => setLabels(filters.labels.join(', ')), [filters.labels]);
  const applyLabels = () =>
    update({
      labels: labels
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  const n = activeFilterCount(filters);
  return (
    <aside className="filters" aria-label="Filters">
      <div className="filters-head">
        <h2>Filters</h2>
        {n > 0 && (
          <button
            type="button"
            className="btn-link"
            onClick={() => update({ ...emptyFilters, view: filters.view })}
          >
            Clear {n}
          </button>
        )}
      </div>
      <CheckGroup
        legend="Sync status"
        values={SYNC_STATUSES}
        selected={filters.sync}
        counts={counts.syncCounts}
        onChange={(sync) => update({ sync })}
      />
      <CheckGroup
        legend="Health status"
        values={HEALTH_STATUSES}
        selected={filters.health}
        counts={counts.healthCounts}
        onChange={(health) => update({ health })}
      />
      <CheckGroup
        legend="Projects"
        values={options.projects}
        selected={filters.projects}
        onChange={(projects) => update({ projects })}
      />
      <CheckGroup
        legend="Clusters"
        values={options.clusters}
        selected={filters.clusters}
        onChange={(clusters) => update({ clusters })}
      />
      <CheckGroup
        legend="Namespaces"
        values={options.namespaces}
        selected={filters.namespaces}
        onChange={(namespaces) => update({ namespaces })}
      />
      <div className="filter-group">
        <label htmlFor="filter-labels">Labels</label>
        <input
          id="filter-labels"
          placeholder="env=prod, !legacy"
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
          onBlur={applyLabels}
          onKeyDown={(e) => e.key === 'Enter' && applyLabels()}
        />
      </div>
    </aside>
  );
}
