// Repositories Driftless knows, with their connection state.
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable, ConnectionBadge } from './AdminTable.tsx';

export default function RepositoriesPage() {
  const api = useApi();
  const state = useAsync(() => api.repositories(), 'repos');
  return (
    <AdminTable
      title="Repositories"
      what="repositories"
      state={state}
      columns={['Repository', 'Type', 'Project', 'Connection']}
      rowKey={(r) => r.repo}
      row={(r) => [
        <code key="r">{r.repo}</code>,
        r.type ?? 'git',
        r.project ?? '—',
        <ConnectionBadge key="c" status={r.connectionState?.status} message={r.connectionState?.message} />,
      ]}
    />
  );
}
