// The running (or last) operation: phase, message and progress per resource, with terminate while it runs.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application } from '../../api/types.ts';
import { GuardedButton } from '../../components/Guarded.tsx';
import { PhaseBadge } from '../../components/StatusBadge.tsx';
import { shortRevision, timeAgo } from '../../lib/format.ts';
import { useApi } from '../../state/session.tsx';
import type { Permission } from '../../state/use-can.ts';

export function OperationPanel({ app, canSync }: { app: Application; canSync: Permission }) {
  const api = useApi();
  const [error, setError] = useState<string>();
  const op = app.status?.operationState;
  if (!op) return null;
  const running = op.phase === 'Running' || op.phase === 'Terminating';
  const results = op.syncResult?.resources ?? [];
  const declared = app.status?.resources?.length ?? 0;
  const terminate = () =>
    api.terminateOperation(app.metadata.name).catch((e: unknown) => setError(errorText(e)));
  return (
    <section
      className={`operation ${running ? 'operation-running' : ''}`}
      aria-label="Operation"
      aria-live="polite"
    >
      <div className="section-bar">
        <h2>{running ? 'Sync in progress' : 'Last sync'}</h2>
        <PhaseBadge phase={op.phase} />
        <span className="muted">
          to {shortRevision(op.syncResult?.revision ?? op.operation.sync?.revision)} · started{' '}
          {timeAgo(op.startedAt)}
          {op.operation.sync?.dryRun ? ' · dry run' : ''}
        </span>
        {running && (
          <GuardedButton perm={canSync} className="btn btn-danger" onClick={() => void terminate()}>
            Terminate
          </GuardedButton>
        )}
      </div>
      {op.message && <p className="op-message">{op.message}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {running && declared > 0 && (
        <progress max={declared} value={results.length} aria-label="Resources applied">
          {results.length}/{declared}
        </progress>
      )}
      {results.length > 0 && (
        <details open={running || op.phase !== 'Succeeded'}>
          <summary>
            {results.length} resources {running ? 'applied so far' : 'in this operation'}
          </summary>
          <table className="table compact">
            <thead>
              <tr>
                <th>Resource</th>
                <th>Result</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={`${r.kind}/${r.namespace}/${r.name}`}>
                  <td className="mono">
                    {r.kind}/{r.name}
                  </td>
                  <td>
                    <span className={`chip ${r.status === 'SyncFailed' ? 'chip-error' : 'chip-grey'}`}>
                      {r.status}
                    </span>
                  </td>
                  <td>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
