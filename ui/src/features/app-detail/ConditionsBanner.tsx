// Error and warning conditions at the top of the page: an error here means the status below may be stale.
import type { ApplicationCondition } from '../../api/types.ts';
import { timeAgo } from '../../lib/format.ts';

export function ConditionsBanner({ conditions }: { conditions: readonly ApplicationCondition[] }) {
  if (conditions.length === 0) return null;
  const errors = conditions.filter((c) => c.type.endsWith('Error'));
  const warnings = conditions.filter((c) => !c.type.endsWith('Error'));
  return (
    <div className="conditions">
      {errors.map((c, i) => (
        <div key={`e${i}`} className="condition condition-error" role="alert">
          <strong>⚠ {c.type}</strong>
          <span className="muted"> {timeAgo(c.lastTransitionTime)}</span>
          <p>{c.message}</p>
          {c.type === 'ComparisonError' && (
            <p className="condition-hint">
              Driftless could not compare Git with the cluster, so the sync status shown may be out of date.
            </p>
          )}
        </div>
      ))}
      {warnings.map((c, i) => (
        <div key={`w${i}`} className="condition condition-warn" role="status">
          <strong>{c.type}</strong>
          <p>{c.message}</p>
        </div>
      ))}
    </div>
  );
}
