// The sync windows of a project: allow or deny, a cron schedule and duration, which apps/namespaces/clusters.
import { EMPTY_WINDOW, type WindowValues } from './project-form.ts';

interface Props {
  windows: WindowValues[];
  errors: Record<string, string>;
  onChange: (windows: WindowValues[]) => void;
}

export function SyncWindowsFields({ windows, errors, onChange }: Props) {
  const set = (i: number, patch: Partial<WindowValues>) =>
    onChange(windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  const text = (
    i: number,
    key: 'schedule' | 'duration' | 'applications' | 'namespaces' | 'clusters' | 'timeZone',
    label: string,
  ) => (
    <div className="field">
      <label htmlFor={`window-${i}-${key}`}>{label}</label>
      <input
        id={`window-${i}-${key}`}
        value={windows[i]?.[key] ?? ''}
        aria-invalid={(key === 'schedule' || key === 'duration') && !!errors[`window-${i}`]}
        onChange={(e) => set(i, { [key]: e.target.value })}
      />
    </div>
  );
  return (
    <fieldset className="form-section">
      <legend>Sync windows</legend>
      {windows.length === 0 && <p className="muted">No windows: syncs may run at any time.</p>}
      {windows.map((w, i) => (
        <div key={i} className="sub-card" role="group" aria-label={`Sync window ${i + 1}`}>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`window-${i}-kind`}>Kind</label>
              <select
                id={`window-${i}-kind`}
                value={w.kind}
                onChange={(e) => set(i, { kind: e.target.value as WindowValues['kind'] })}
              >
                <option value="allow">allow</option>
                <option value="deny">deny</option>
              </select>
            </div>
            {text(i, 'schedule', 'Schedule (cron)')}
            {text(i, 'duration', 'Duration')}
            {text(i, 'timeZone', 'Time zone')}
          </div>
          <div className="field-row">
            {text(i, 'applications', 'Applications')}
            {text(i, 'namespaces', 'Namespaces')}
            {text(i, 'clusters', 'Clusters')}
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={w.manualSync}
              onChange={(e) => set(i, { manualSync: e.target.checked })}
            />{' '}
            Manual syncs allowed during the window
          </label>
          {errors[`window-${i}`] && (
            <p className="field-error" role="alert">
              {errors[`window-${i}`]}
            </p>
          )}
          <button
            type="button"
            className="btn-link"
            onClick={() => onChange(windows.filter((_, j) => j !== i))}
          >
            Remove window
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...windows, EMPTY_WINDOW])}>
        Add sync window
      </button>
    </fieldset>
  );
}
