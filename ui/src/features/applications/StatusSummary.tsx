// A one-line summary of how many apps are in each state; each count is a button that filters to it.
import type { HealthStatusCode, SyncStatusCode } from '../../api/types.ts';
import type { AppFilters, FilterResult } from '../../lib/filters.ts';

interface Props {
  shown: number;
  total: number;
  counts: FilterResult;
  filters: AppFilters;
  update: (patch: Partial<AppFilters>) => void;
}

const SYNC: [SyncStatusCode, string][] = [
  ['Synced', 'sync-synced'],
  ['OutOfSync', 'sync-outofsync'],
];
const HEALTH: [HealthStatusCode, string][] = [
  ['Healthy', 'health-healthy'],
  ['Progressing', 'health-progressing'],
  ['Degraded', 'health-degraded'],
  ['Missing', 'health-missing'],
];

export function StatusSummary({ shown, total, counts, filters, update }: Props) {
  return (
    <div className="summary" aria-label="Status counts">
      <span className="summary-total">
        <strong>{shown.toLocaleString()}</strong>
        {shown !== total && <> of {total.toLocaleString()}</>} {total === 1 ? 'application' : 'applications'}
      </span>
      {SYNC.map(([s, tone]) => (
        <button
          key={s}
          type="button"
          className={`summary-chip tone-${tone}`}
          aria-pressed={filters.sync.includes(s)}
          onClick={() => update({ sync: filters.sync.includes(s) ? [] : [s] })}
        >
          {counts.syncCounts[s].toLocaleString()} {s}
        </button>
      ))}
      {HEALTH.map(([s, tone]) => (
        <button
          key={s}
          type="button"
          className={`summary-chip tone-${tone}`}
          aria-pressed={filters.health.includes(s)}
          onClick={() => update({ health: filters.health.includes(s) ? [] : [s] })}
        >
          {counts.healthCounts[s].toLocaleString()} {s}
        </button>
      ))}
    </div>
  );
}
