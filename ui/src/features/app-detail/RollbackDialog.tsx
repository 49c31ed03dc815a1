// Confirms a rollback and says what will change: revision, source fields, and what auto-sync means for it.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application, ApplicationSource, RevisionHistory } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { shortRevision } from '../../lib/format.ts';
import { useApi } from '../../state/session.tsx';

const FIELDS: (keyof ApplicationSource)[] = ['repoURL', 'path', 'chart', 'targetRevision'];

export function sourceChanges(
  from: ApplicationSource | undefined,
  to: ApplicationSource | undefined,
): [string, string, string][] {
  if (!to) return [];
  return FIELDS.filter((f) => JSON.stringify(from?.[f]) !== JSON.stringify(to[f])).map((f) => [
    f,
    String(from?.[f] ?? '—'),
    String(to[f] ?? '—'),
  ]);
}

interface Props {
  app: Application;
  current: RevisionHistory;
  target: RevisionHistory;
  onClose: () => void;
}

export function RollbackDialog({ app, current, target, onClose }: Props) {
  const api = useApi();
  const [prune, setPrune] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const auto = !!app.spec.syncPolicy?.automated;
  const changes = sourceChanges(app.spec.source ?? current.source, target.source);
  const submit = async () => {
    setBusy(true);
    try {
      await api.rollback(app.metadata.name, { id: target.id, prune });
      onClose();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Roll back ${app.metadata.name}?`}
      onClose={onClose}
      footer={
        <ConfirmFooter
          error={error}
          onCancel={onClose}
          onConfirm={() => void submit()}
          disabled={busy || auto}
          tone="danger"
        >
          Roll back to #{target.id}
        </ConfirmFooter>
      }
    >
      <p>
        The cluster will be synced to the manifests of deployment <strong>#{target.id}</strong>:
      </p>
      <ul className="change-list">
        <li>
          Revision <code>{shortRevision(current.revision)}</code> →{' '}
          <code>{shortRevision(target.revision)}</code>
        </li>
        {changes.map(([f, a, b]) => (
          <li key={f}>
            Source {f}: <code>{a}</code> → <code>{b}</code>
          </li>
        ))}
        <li>
          The app will show <strong>OutOfSync</strong> afterwards, because Git still points at the newer
          revision.
        </li>
      </ul>
      {auto && (
        <p className="notice notice-warn">
          Auto-sync is enabled, so it would undo the rollback at once. Disable automated sync in Details
          first.
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune resources
        that revision does not declare
      </label>
    </Dialog>
  );
}
