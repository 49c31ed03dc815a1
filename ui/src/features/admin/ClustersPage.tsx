// Clusters apps may deploy to.
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable, ConnectionBadge } from './AdminTable.tsx';

export default function ClustersPage() {
  const api = useApi();
  const state = useAsync(() => api.clusters(), 'clusters');
  return (
    <AdminTable
      title="Clusters"
      what="clusters"
      state={state}
      columns={['Name', 'Server', 'Version', 'Connection']}
      rowKey={(c) => c.server}
      row={(c) => [
        <strong key="n">{c.name}</strong>,
        <code key="s">{c.server}</code>,
        c.info?.serverVersion ?? '—',
        <ConnectionBadge key="c" status={c.connectionState?.status} message={c.connectionState?.message} />,
      ]}
    />
  );
}
