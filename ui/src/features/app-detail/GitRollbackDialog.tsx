// Confirms a rollback through Git: one revert commit pushed to the app's branch (auto-sync then deploys it),
// or a review branch when the project requires review; shows what was pushed.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application, GitRollbackResult, RevisionHistory } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { shortRevision } from '../../lib/format.ts';
import { useApi } from '../../state/session.tsx';
import { CommitSummary } from './CommitSummary.tsx';

interface Props {
  app: Application;
  current: RevisionHistory;
  target: RevisionHistory;
  /** The deployments after the target, newest first: what the revert undoes. */
  undone: readonly RevisionHistory[];
  onClose: () => void;
}

export function GitRollbackDialog({ app, current, target, undone, onClose }: Props) {
  const api = useApi();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<GitRollbackResult>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setDone(await api.gitRollback(app.metadata.name, target.revision));
    } catch (e) {
      setError(errorText(e));
    }
    setBusy(false);
  };
  return (
    <Dialog
      title={`Roll back ${app.metadata.name} via Git?`}
      onClose={onClose}
      footer={
        done ? (
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        ) : (
          <ConfirmFooter
            error={error}
            onCancel={onClose}
            onConfirm={() => void submit()}
            disabled={busy}
            tone="danger"
          >
            Revert in Git
          </ConfirmFooter>
        )
      }
    >
      {done ? (
        <p role="status">
          {done.review ? 'Review branch' : 'Revert commit'} <code>{shortRevision(done.sha)}</code> pushed to{' '}
          <code>{done.branch}</code>.{' '}
          {done.review
            ? 'Merge it to roll back.'
            : app.spec.syncPolicy?.automated
              ? 'Auto-sync deploys it shortly.'
              : 'Sync the app to deploy it.'}
        </p>
      ) : (
        <ul className="change-list">
          <li>
            One commit reverts <code>{shortRevision(target.revision)}</code>..
            <code>{shortRevision(current.revision)}</code> on the branch the app follows (or on a review
            branch when its project requires review).
          </li>
          <li>Git and the cluster stay in agreement, so this works with auto-sync on.</li>
          <li>
            Back to <code>{shortRevision(target.revision)}</code>:{' '}
            <CommitSummary app={app} revision={target.revision} />
          </li>
          <li>
            Deployments undone:
            <ul aria-label="Deployments undone">
              {[...new Map(undone.map((h) => [h.revision, h])).values()].map((h) => (
                <li key={h.revision}>
                  <code>{shortRevision(h.revision)}</code> <CommitSummary app={app} revision={h.revision} />
                </li>
              ))}
            </ul>
          </li>
        </ul>
      )}
    </Dialog>
  );
}
