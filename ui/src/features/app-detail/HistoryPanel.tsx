// Deployment history, newest first, with commit message and author, and rollback to any entry.
import { useState } from 'react';
import type { Application, RevisionHistory } from '../../api/types.ts';
import { GuardedButton } from '../../components/Guarded.tsx';
import { Empty } from '../../components/States.tsx';
import { shortRevision, timeAgo } from '../../lib/format.ts';
import type { Permission } from '../../state/use-can.ts';
import { CommitSummary } from './CommitSummary.tsx';
import { GitRollbackDialog } from './GitRollbackDialog.tsx';
import { RollbackDialog } from './RollbackDialog.tsx';

export function HistoryPanel({
  app,
  canSync,
  canUpdate,
}: {
  app: Application;
  canSync: Permission;
  canUpdate: Permission;
}) {
  const [target, setTarget] = useState<RevisionHistory>();
  const [gitTarget, setGitTarget] = useState<RevisionHistory>();
  const history = [...(app.status?.history ?? [])].reverse();
  const current = history[0];
  if (history.length === 0)
    return <Empty title="No deployments yet">Entries appear here after the first sync.</Empty>;
  return (
    <section aria-label="History">
      <table className="table history">
        <thead>
          <tr>
            <th>#</th>
            <th>Revision</th>
            <th>Commit</th>
            <th>Deployed</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id}>
              <td>{h.id}</td>
              <td className="mono" title={h.revision}>
                {shortRevision(h.revision)}
                {h === current && <span className="chip chip-info">current</span>}
              </td>
              <td>
                <CommitSummary app={app} revision={h.revision} />
              </td>
              <td title={h.deployedAt}>
                {timeAgo(h.deployedAt)}
                {h.initiatedBy?.username
                  ? ` by ${h.initiatedBy.username}`
                  : h.initiatedBy?.automated
                    ? ' (auto)'
                    : ''}
              </td>
              <td>
                {h !== current && (
                  <GuardedButton perm={canSync} onClick={() => setTarget(h)}>
                    Roll back…
                  </GuardedButton>
                )}
                {h !== current && h.revision !== current?.revision && (
                  <GuardedButton perm={canUpdate} onClick={() => setGitTarget(h)}>
                    Roll back via Git…
                  </GuardedButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {target && current && (
        <RollbackDialog app={app} current={current} target={target} onClose={() => setTarget(undefined)} />
      )}
      {gitTarget && current && (
        <GitRollbackDialog
          app={app}
          current={current}
          target={gitTarget}
          undone={history
            .slice(0, history.indexOf(gitTarget))
            .filter((h) => h.revision !== gitTarget.revision)}
          onClose={() => setGitTarget(undefined)}
        />
      )}
    </section>
  );
}
