// Confirms deleting an app, by typing its name; cascade (delete its resources) is on by default.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Application } from '../../api/types.ts';
import { useRouter } from '../../app/router.tsx';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { useApi } from '../../state/session.tsx';

export function DeleteDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const api = useApi();
  const { navigate } = useRouter();
  const [typed, setTyped] = useState('');
  const [cascade, setCascade] = useState(true);
  const [error, setError] = useState<string>();
  const name = app.metadata.name;
  const submit = async () => {
    try {
      await api.deleteApplication(name, cascade);
      navigate('/applications');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog
      title={`Delete ${name}?`}
      onClose={onClose}
      footer={
        <ConfirmFooter
          error={error}
          onCancel={onClose}
          onConfirm={() => void submit()}
          disabled={typed !== name}
          tone="danger"
        >
          Delete
        </ConfirmFooter>
      }
    >
      <p>
        {cascade
          ? `The application and the ${app.status?.resources?.length ?? 0} resources it manages will be deleted from the cluster.`
          : 'Only the application is deleted; its resources stay in the cluster, unmanaged.'}
      </p>
      <label className="check">
        <input type="checkbox" checked={cascade} onChange={(e) => setCascade(e.target.checked)} /> Delete the
        resources too (cascade)
      </label>
      <div className="field">
        <label htmlFor="del-confirm">
          Type <code>{name}</code> to confirm
        </label>
        <input id="del-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      </div>
    </Dialog>
  );
}
