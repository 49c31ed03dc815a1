// Credential templates: credentials every repository under a URL prefix uses unless it has its own.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { RepoCreds } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { ConnectRepoDialog } from './ConnectRepoDialog.tsx';

export function CredentialTemplates() {
  const api = useApi();
  const state = useAsync(() => api.repoCreds(), 'repocreds');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RepoCreds>();
  const [removeError, setRemoveError] = useState<string>();
  const items = state.data?.items ?? [];
  const remove = async (t: RepoCreds) => {
    try {
      await api.deleteRepoCreds(t.url);
      setRemoving(undefined);
      state.reload();
    } catch (e) {
      setRemoveError(errorText(e));
    }
  };
  return (
    <section className="page" aria-label="Credential templates">
      <div className="section-bar">
        <h2>Credential templates</h2>
        <button type="button" className="btn" onClick={() => setAdding(true)}>
          Add credential template
        </button>
      </div>
      {state.loading && !state.data && <Loading what="credential templates" />}
      {state.error && <ErrorState title="Could not load credential templates" message={state.error} />}
      {state.data && items.length === 0 && (
        <Empty title="No credential templates">
          Repositories under a template&apos;s URL prefix use its credentials unless they have their own.
        </Empty>
      )}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>URL prefix</th>
              <th>Type</th>
              <th>Username</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.url}>
                <td>
                  <code>{t.url}</code>
                </td>
                <td>{t.type ?? 'git'}</td>
                <td>{t.username ?? '—'}</td>
                <td>
                  <button type="button" className="btn-danger" onClick={() => setRemoving(t)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && (
        <ConnectRepoDialog
          template
          onClose={() => setAdding(false)}
          onConnected={() => {
            setAdding(false);
            state.reload();
          }}
        />
      )}
      {removing && (
        <Dialog
          title={`Remove the credential template for ${removing.url}?`}
          onClose={() => setRemoving(undefined)}
          footer={
            <ConfirmFooter
              error={removeError}
              onCancel={() => setRemoving(undefined)}
              onConfirm={() => void remove(removing)}
              tone="danger"
            >
              Remove
            </ConfirmFooter>
          }
        >
          <p>Repositories under this prefix without credentials of their own can no longer authenticate.</p>
        </Dialog>
      )}
    </section>
  );
}
