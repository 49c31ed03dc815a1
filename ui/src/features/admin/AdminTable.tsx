// A settings page: a titled table with honest loading, error and empty states.
import type { ReactNode } from 'react';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import type { AsyncState } from '../../state/use-async.ts';

interface Props<T> {
  title: string;
  what: string;
  state: AsyncState<{ items: T[] | null }>;
  columns: string[];
  row: (item: T) => ReactNode[];
  rowKey: (item: T) => string;
  note?: ReactNode;
}

export function AdminTable<T>({ title, what, state, columns, row, rowKey, note }: Props<T>) {
  const items = state.data?.items ?? [];
  return (
    <div className="page">
      <div className="section-bar">
        <h1>{title}</h1>
        {note}
      </div>
      {state.loading && !state.data && <Loading what={what} />}
      {state.error && (
        <ErrorState
          title={`Could not load ${what}`}
          message={state.error}
          action={
            <button type="button" className="btn" onClick={state.reload}>
              Retry
            </button>
          }
        />
      )}
      {state.data && items.length === 0 && <Empty title={`No ${what}`} />}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((it) => (
              <tr key={rowKey(it)}>
                {row(it).map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ConnectionBadge({
  status,
  message,
}: {
  status: string | undefined;
  message?: string | undefined;
}) {
  const ok = status === 'Successful';
  // Unknown is not a failure (Argo CD: a cluster no app uses is not monitored): grey, its reason on hover.
  const unknown = !status || status === 'Unknown';
  const tone = ok ? 'tone-health-healthy' : unknown ? 'tone-health-unknown' : 'tone-health-degraded';
  return (
    <span className={`badge ${tone}`} title={message}>
      {ok ? '✔' : unknown ? '?' : '✖'} {status ?? 'Unknown'}
      {!ok && !unknown && message ? `: ${message}` : ''}
    </span>
  );
}
