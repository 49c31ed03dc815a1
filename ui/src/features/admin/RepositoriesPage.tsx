// Repositories Driftless knows, with their connection state: connect one, test one again, remove one; and
// the credential templates.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Repository } from '../../api/types.ts';
import { RemoveDialog, useRemoval } from '../../components/RemoveDialog.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable, ConnectionBadge } from './AdminTable.tsx';
import { ConnectRepoDialog } from './ConnectRepoDialog.tsx';
import { CredentialTemplates } from './CredentialTemplates.tsx';

const keyOf = (r: Repository) => `${r.project ?? ''}/${r.repo}`;

export default function RepositoriesPage() {
  const api = useApi();
  const state = useAsync(() => api.repositories(), 'repos');
  const [connecting, setConnecting] = useState(false);
  // Fresh results of "Test", shown over the listed state until the next reload.
  const [tested, setTested] = useState<Record<string, Repository>>({});
  const [testing, setTesting] = useState<string>();
  const test = async (r: Repository) => {
    setTesting(keyOf(r));
    try {
      const fresh = await api.testRepository(r);
      setTested((t) => ({ ...t, [keyOf(r)]: fresh }));
    } catch (e) {
      setTested((t) => ({
        ...t,
        [keyOf(r)]: { ...r, connectionState: { status: 'Failed', message: errorText(e) } },
      }));
    } finally {
      setTesting(undefined);
    }
  };
  const removal = useRemoval((r: Repository) => api.deleteRepository(r), state.reload, keyOf);
  return (
    <>
      <AdminTable
        title="Repositories"
        what="repositories"
        state={{ ...state, data: state.data && { items: removal.view(state.data.items ?? []) } }}
        note={
          <button type="button" className="btn-primary" onClick={() => setConnecting(true)}>
            Connect repository
          </button>
        }
        columns={['Repository', 'Type', 'Project', 'Connection', '']}
        rowKey={keyOf}
        row={(listed) => {
          const r = tested[keyOf(listed)] ?? listed;
          return [
            <code key="r">{r.repo}</code>,
            r.type ?? 'git',
            r.project ?? '—',
            <ConnectionBadge
              key="c"
              status={r.connectionState?.status}
              message={r.connectionState?.message}
            />,
            <span key="a" className="row-actions">
              <button
                type="button"
                className="btn"
                disabled={testing === keyOf(r)}
                onClick={() => void test(r)}
              >
                {testing === keyOf(r) ? 'Testing…' : 'Test'}
              </button>{' '}
              <button type="button" className="btn-danger" onClick={() => removal.ask(r)}>
                Remove
              </button>
            </span>,
          ];
        }}
      />
      <CredentialTemplates />
      {connecting && (
        <ConnectRepoDialog
          onClose={() => setConnecting(false)}
          onConnected={(r) => {
            removal.added(r);
            setConnecting(false);
            state.reload();
          }}
        />
      )}
      <RemoveDialog removal={removal} title={(r) => `Remove ${r.repo}?`}>
        Its stored credentials are deleted. Applications that use it keep working only if it is public.
      </RemoveDialog>
    </>
  );
}
