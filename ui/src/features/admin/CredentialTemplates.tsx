// Credential templates: credentials every repository under a URL prefix uses unless it has its own.
import { useState } from 'react';
import type { RepoCreds } from '../../api/types.ts';
import { RemoveDialog, useRemoval } from '../../components/RemoveDialog.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { ConnectRepoDialog } from './ConnectRepoDialog.tsx';

export function CredentialTemplates() {
  const api = useApi();
  const state = useAsync(() => api.repoCreds(), 'repocreds');
  const [adding, setAdding] = useState(false);
  const removal = useRemoval(
    (t: RepoCreds) => api.deleteRepoCreds(t.url),
    state.reload,
    (t) => t.url,
  );
  const items = removal.view(state.data?.items ?? []);
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
                  <button type="button" className="btn-danger" onClick={() => removal.ask(t)}>
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
          onConnected={(t) => {
            removal.added({ ...t, url: t.repo });
            setAdding(false);
            state.reload();
          }}
        />
      )}
      <RemoveDialog removal={removal} title={(t) => `Remove the credential template for ${t.url}?`}>
        Repositories under this prefix without credentials of their own can no longer authenticate.
      </RemoveDialog>
    </section>
  );
}
