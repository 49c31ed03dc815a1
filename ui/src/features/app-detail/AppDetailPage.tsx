// One application: status and conditions up top, then the tree, diff, history, details, events and notifications.
import { useMemo, useState } from 'react';
import { useRouter } from '../../app/router.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { resourceKey } from '../../lib/resource-key.ts';
import { ROOT_KEY, type GraphNode } from '../../lib/tree-layout.ts';
import { useApplication } from '../../state/applications-store.tsx';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { useCan } from '../../state/use-can.ts';
import { AppHeader } from './AppHeader.tsx';
import { ConditionsBanner } from './ConditionsBanner.tsx';
import { RenderErrorState, renderErrorOf } from './RenderErrorState.tsx';
import { DeleteDialog } from './DeleteDialog.tsx';
import { DiffView } from './DiffView.tsx';
import { EventsList } from './EventsList.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { NotificationHistory } from './NotificationHistory.tsx';
import { OperationPanel } from './OperationPanel.tsx';
import { ResourcePanel } from './ResourcePanel.tsx';
import { ResourceTree, useAppGraph } from './ResourceTree.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { useAppResources } from './use-app-resources.ts';
import { SyncDialog } from './SyncDialog.tsx';

type View = 'tree' | 'diff' | 'history' | 'details' | 'events' | 'notifications';
const VIEWS: View[] = ['tree', 'diff', 'history', 'details', 'events', 'notifications'];

export default function AppDetailPage({ name }: { name: string }) {
  const { app, error } = useApplication(name);
  const api = useApi();
  const { loc, navigate } = useRouter();
  const q = new URLSearchParams(loc.search);
  const view = VIEWS.find((v) => v === q.get('view')) ?? 'tree';
  const [selected, setSelected] = useState<GraphNode>();
  const [dialog, setDialog] = useState<'sync' | 'delete'>();
  const object = `${app?.spec.project ?? '*'}/${name}`;
  const canSync = useCan('applications', 'sync', object);
  const canUpdate = useCan('applications', 'update', object);
  const canDelete = useCan('applications', 'delete', object);
  // An action changes live objects without changing the app: refetch the tree while its effects appear.
  const [changes, setChanges] = useState(0);
  const afterChange = () =>
    [500, 2_000, 5_000].forEach((ms) => setTimeout(() => setChanges((c) => c + 1), ms));
  const res = useAppResources(name, `${app?.metadata.resourceVersion ?? ''}|${changes}`);
  const events = useAsync(
    () => (view === 'events' || view === 'notifications' ? api.events(name) : Promise.resolve({ items: [] })),
    `${name}|${view}|${app?.metadata.resourceVersion ?? ''}`,
  );
  const managedByKey = useMemo(() => new Map(res.managed.map((m) => [resourceKey(m), m])), [res.managed]);
  const graph = useAppGraph(app, res.tree);

  if (error) return <ErrorState title={`Cannot show ${name}`} message={error} />;
  if (!app) return <Loading what={name} />;
  const setView = (v: View) =>
    navigate(`${loc.pathname}${v === 'tree' ? '' : `?view=${v}`}`, { replace: true });
  const drifted = res.managed.filter((m) => m.modified).length;
  const renderError = renderErrorOf(app);
  // A sync of an app that cannot render cannot succeed: say so instead of offering it.
  const syncPerm = renderError
    ? { allowed: false, reason: 'Sync needs a render that works: fix the error above first' }
    : canSync;
  const tabs = [
    { key: 'tree' as const, label: 'Resources' },
    { key: 'diff' as const, label: drifted ? `Diff (${drifted})` : 'Diff' },
    { key: 'history' as const, label: 'History & rollback' },
    { key: 'details' as const, label: 'Details' },
    { key: 'events' as const, label: 'Events' },
    { key: 'notifications' as const, label: 'Notifications' },
  ];
  return (
    <div className="detail-page">
      <div className="detail-main">
        <AppHeader
          app={app}
          canSync={syncPerm}
          canDelete={canDelete}
          onSync={() => setDialog('sync')}
          onDelete={() => setDialog('delete')}
        />
        {renderError && <RenderErrorState condition={renderError} />}
        <ConditionsBanner conditions={(app.status?.conditions ?? []).filter((c) => c !== renderError)} />
        <OperationPanel app={app} canSync={canSync} />
        <Tabs tabs={tabs} active={view} onChange={setView} label="Application views">
          {res.error && !renderError && <ErrorState title="Could not load resources" message={res.error} />}
          {view === 'tree' &&
            (res.loading ? (
              <Loading what="resource tree" />
            ) : (
              <>
                {!renderError && res.tree.length === 0 && (app.status?.resources ?? []).length === 0 && (
                  <p className="notice notice-info">
                    No resources yet: Driftless has not rendered this app&apos;s manifests, or Git declares
                    none.
                  </p>
                )}
                <ResourceTree
                  app={app}
                  graph={graph}
                  selected={selected?.key}
                  onSelect={(n) => setSelected(n.key === ROOT_KEY ? undefined : n)}
                />
              </>
            ))}
          {view === 'diff' &&
            (res.loading ? <Loading what="diff" /> : <DiffView app={app} managed={res.managed} />)}
          {view === 'history' && <HistoryPanel app={app} canSync={canSync} canUpdate={canUpdate} />}
          {view === 'details' && <SettingsPanel app={app} canUpdate={canUpdate} />}
          {view === 'events' &&
            (events.loading ? <Loading what="events" /> : <EventsList events={events.data?.items ?? []} />)}
          {view === 'notifications' &&
            (events.loading ? (
              <Loading what="notification history" />
            ) : (
              <NotificationHistory events={events.data?.items ?? []} />
            ))}
        </Tabs>
      </div>
      {selected && view === 'tree' && (
        <ResourcePanel
          key={selected.key}
          app={app}
          node={selected}
          graph={graph}
          onSelect={setSelected}
          managed={managedByKey.get(selected.key)}
          canDelete={canDelete.allowed === true}
          onChanged={afterChange}
          onClose={() => setSelected(undefined)}
        />
      )}
      {dialog === 'sync' && <SyncDialog app={app} onClose={() => setDialog(undefined)} />}
      {dialog === 'delete' && <DeleteDialog app={app} onClose={() => setDialog(undefined)} />}
    </div>
  );
}
