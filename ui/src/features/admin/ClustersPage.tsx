// Clusters apps may deploy to: connection state, version, apps, cached resources, last sync, labels; register
// one, remove one.
import { useState } from 'react';
import type { Cluster } from '../../api/types.ts';
import { RemoveDialog, useRemoval } from '../../components/RemoveDialog.tsx';
import { timeAgo } from '../../lib/format.ts';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { AdminTable, ConnectionBadge } from './AdminTable.tsx';
import { RegisterClusterDialog } from './RegisterClusterDialog.tsx';

const IN_CLUSTER = 'https://kubernetes.default.svc';

export default function ClustersPage() {
  const api = useApi();
  const state = useAsync(() => api.clusters(), 'clusters');
  const [registering, setRegistering] = useState(false);
  const removal = useRemoval(
    (c: Cluster) => api.deleteCluster(c.server),
    state.reload,
    (c) => c.server,
  );
  return (
    <>
      <AdminTable
        title="Clusters"
        what="clusters"
        state={{ ...state, data: state.data && { items: removal.view(state.data.items ?? []) } }}
        note={
          <span className="row-actions">
            <button type="button" className="btn" onClick={state.reload}>
              Refresh
            </button>{' '}
            <button type="button" className="btn-primary" onClick={() => setRegistering(true)}>
              Register cluster
            </button>
          </span>
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
          '',
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
            c.server === IN_CLUSTER ? (
              ''
            ) : (
              <button key="r" type="button" className="btn-danger" onClick={() => removal.ask(c)}>
                Remove
              </button>
            ),
          ];
        }}
      />
      {registering && (
        <RegisterClusterDialog
          onClose={() => setRegistering(false)}
          onDone={(cluster) => {
            removal.added(cluster);
            setRegistering(false);
            state.reload();
          }}
        />
      )}
      <RemoveDialog removal={removal} title={(c) => `Remove cluster ${c.name}?`}>
        Its stored credentials are deleted. Applications that deploy there report an invalid destination.
      </RemoveDialog>
    </>
  );
}
