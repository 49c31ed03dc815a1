// Clusters apps may deploy to: connection state, version, apps, cached resources, last sync, labels.
import { timeAgo } from '../../lib/format.ts';
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
      note={
        <button type="button" className="btn" onClick={state.reload}>
          Refresh
        </button>
      }
      columns={[
        'Name',
        'Server',
        'Version',
        'Connection',
        'Apps',
        'Resources',
        'Last sync',
        'Project',
        'Labels',
      ]}
      rowKey={(c) => c.server}
      row={(c) => {
        const conn = c.info?.connectionState ?? c.connectionState;
        const cache = c.info?.cacheInfo;
        return [
          <strong key="n">{c.name}</strong>,
          <code key="s">{c.server}</code>,
          c.info?.serverVersion || '—',
          <ConnectionBadge key="c" status={conn?.status} message={conn?.message} />,
          String(c.info?.applicationsCount ?? 0),
          String(cache?.resourcesCount ?? 0),
          timeAgo(cache?.lastCacheSyncTime),
          c.project ?? '—',
          <span key="l" className="labels">
            {Object.entries(c.labels ?? {}).map(([k, v]) => (
              <code key={k} className="chip">
                {k}={v}
              </code>
            ))}
          </span>,
        ];
      }}
    />
  );
}
