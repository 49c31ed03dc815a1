// Clusters apps may deploy to: connection state, version, apps, cached resources, last sync, labels; register
// one, remove one.
import { useState } from 'react';
import { errorText } from '../../api/errors.ts';
import type { Cluster } from '../../api/types.ts';
import { ConfirmFooter, Dialog } from '../../components/Dialog.tsx';
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
  const [removing, setRemoving] = useState<Cluster>();
  const [removeError, setRemoveError] = useState<string>();
  const remove = async (c: Cluster) => {
    try {
      await api.deleteCluster(c.server);
      setRemoving(undefined);
      state.reload();
    } catch (e) {
      setRemoveError(errorText(e));
    }
  };
  return (
    <>
      <AdminTable
        title="Clusters"
        what="clusters"
        state={state}
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
              <button key="r" type="button" className="btn-danger" onClick={() => setRemoving(c)}>
                Remove
              </button>
            ),
          ];
        }}
      />
      {registering && (
        <RegisterClusterDialog
          onClose={() => setRegistering(false)}
          onDone={() => {
            setRegistering(false);
            state.reload();
          }}
        />
      )}
      {removing && (
        <Dialog
          title={`Remove cluster ${removing.name}?`}
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
          <p>
            Its stored credentials are deleted. Applications that deploy there report an invalid destination.
          </p>
        </Dialog>
      )}
    </>
  );
}
