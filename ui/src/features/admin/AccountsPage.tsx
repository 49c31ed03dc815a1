// Local accounts and their API tokens.
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable } from './AdminTable.tsx';

export default function AccountsPage() {
  const api = useApi();
  const state = useAsync(() => api.accounts(), 'accounts');
  return (
    <AdminTable
      title="Accounts"
      what="accounts"
      state={state}
      columns={['Name', 'Enabled', 'Capabilities', 'Tokens']}
      rowKey={(a) => a.name}
      row={(a) => [
        <strong key="n">{a.name}</strong>,
        a.enabled ? (
          <span key="e" className="badge tone-health-healthy">
            ✔ enabled
          </span>
        ) : (
          <span key="e" className="badge tone-health-unknown">
            disabled
          </span>
        ),
        (a.capabilities ?? []).join(', ') || '—',
        String(a.tokens?.length ?? 0),
      ]}
    />
  );
}
