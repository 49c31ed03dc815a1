// Deployment history, newest first, with commit message and author, and rollback to any entry.
import { useState } from 'react';
import type { Application, RevisionHistory } from '../../api/types.ts';
import { GuardedButton } from '../../components/Guarded.tsx';
import { Empty } from '../../components/States.tsx';
import { shortRevision, timeAgo } from '../../lib/format.ts';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import type { Permission } from '../../state/use-can.ts';
import { GitRollbackDialog } from './GitRollbackDialog.tsx';
import { RollbackDialog } from './RollbackDialog.tsx';

function Commit({ app, revision }: { app: Application; revision: string }) {
  const api = useApi();
  const meta = useAsync(() => api.revisionMetadata(app.metadata.name, revision), revision);
  if (meta.loading) return <span className="muted">loading commit…</span>;
  if (meta.error || !meta.data) return <span className="muted">commit details unavailable</span>;
  return (
    <>
      <span className="commit-msg">{meta.data.message?.split('\n')[0]}</span>
      <span className="muted"> — {meta.data.author}</span>
    </>
  );
}

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
                <Commit app={app} revision={h.revision} />
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
          onClose={() => setGitTarget(undefined)}
        />
      )}
    </section>
  );
}
