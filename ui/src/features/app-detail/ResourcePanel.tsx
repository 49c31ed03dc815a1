// The side panel for one resource: summary and health message, live and desired manifests, its diff, its events.
import { useMemo, useState } from 'react';
import type { Application, ManagedResource } from '../../api/types.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { diffManifests } from '../../lib/manifest-diff.ts';
import { maskSecret, parseJsonObject } from '../../lib/manifest.ts';
import { resourceKey } from '../../lib/resource-key.ts';
import type { Graph, GraphNode } from '../../lib/tree-layout.ts';
import { toYaml } from '../../lib/yaml-lines.ts';
import { useApi } from '../../state/session.tsx';
import { useAsync } from '../../state/use-async.ts';
import { DEFAULT_DIFF_OPTIONS, DiffLines, type DiffOptions } from './DiffLines.tsx';
import { DiffOptionsBar } from './DiffView.tsx';
import { EventsList } from './EventsList.tsx';
import { ignoredPointersFor } from './resource-diffs.ts';
import { LogViewer } from './LogViewer.tsx';
import { ResourceActions } from './ResourceActions.tsx';
import { ResourceSummary } from './ResourceSummary.tsx';

type Tab = 'summary' | 'live' | 'desired' | 'diff' | 'events' | 'logs';

/** Kinds whose pods the Logs tab reads (the pod itself, or the pods below the workload). */
const WITH_PODS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** Container names of a pod, or of a workload's pod template (CronJob: its job's template). */
function containersOf(obj: Record<string, unknown> | undefined): string[] {
  type PodSpec = { containers?: { name?: string }[] };
  type Spec = PodSpec & {
    template?: { spec?: PodSpec };
    jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
  };
  const spec = obj?.['spec'] as Spec | undefined;
  const pod = spec?.containers ? spec : (spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec);
  return (pod?.containers ?? []).map((c) => c.name ?? '').filter(Boolean);
}

interface Props {
  app: Application;
  node: GraphNode;
  /** The app's tree, for links to the resource's owner and children. */
  graph: Graph;
  onSelect: (node: GraphNode) => void;
  managed: ManagedResource | undefined;
  canDelete: boolean;
  /** A change was made to live objects (an action ran, a resource was deleted). */
  onChanged: () => void;
  onClose: () => void;
}

function Manifest({ obj, empty }: { obj: Record<string, unknown> | undefined; empty: string }) {
  if (!obj) return <p className="muted">{empty}</p>;
  return (
    <pre className="manifest">
      <code>{toYaml(maskSecret(obj) ?? {})}</code>
    </pre>
  );
}

export function ResourcePanel({ app, node, graph, onSelect, managed, canDelete, onChanged, onClose }: Props) {
  const [notice, setNotice] = useState<{ text: string; ok: boolean }>();
  const api = useApi();
  const [tab, setTab] = useState<Tab>(managed?.modified ? 'diff' : 'summary');
  const [diffOptions, setDiffOptions] = useState<DiffOptions>({ ...DEFAULT_DIFF_OPTIONS, mode: 'unified' });
  const ref = {
    group: node.group,
    kind: node.kind,
    namespace: node.namespace,
    name: node.name,
    version: node.version,
    ...(node.uid ? { uid: node.uid } : {}),
  };
  // Resources Git declares come with their live state; owned ones (Pods…) are fetched on demand.
  const fetched = useAsync(
    () =>
      managed || tab === 'desired' || tab === 'diff' || tab === 'events'
        ? Promise.resolve(undefined)
        : api.resource(app.metadata.name, ref).then((r) => parseJsonObject(r.manifest)),
    `${resourceKey(node)}|${tab}`,
  );
  const events = useAsync(
    () => (tab === 'events' ? api.events(app.metadata.name, ref) : Promise.resolve({ items: [] })),
    `${resourceKey(node)}|${tab}`,
  );
  const live = managed ? parseJsonObject(managed.liveState) : fetched.data;
  const desired = parseJsonObject(managed?.targetState);
  const diff = useMemo(
    () =>
      managed &&
      diffManifests(
        parseJsonObject(managed.normalizedLiveState) ?? live,
        parseJsonObject(managed.predictedLiveState) ?? desired,
        ignoredPointersFor(app, managed),
      ),
    [managed, live, desired, app],
  );
  const tabs = [
    { key: 'summary' as const, label: 'Summary' },
    { key: 'live' as const, label: 'Live manifest' },
    ...(managed
      ? [
          { key: 'desired' as const, label: 'Desired manifest' },
          { key: 'diff' as const, label: diff?.changes ? `Diff (${diff.changes})` : 'Diff' },
        ]
      : []),
    { key: 'events' as const, label: 'Events' },
    ...(WITH_PODS.has(node.kind) ? [{ key: 'logs' as const, label: 'Logs' }] : []),
  ];
  return (
    <aside className="panel" aria-label={`${node.kind} ${node.name}`}>
      <header className="panel-head">
        <KindIcon kind={node.kind} />
        <div>
          <h2>{node.name}</h2>
          <span className="muted">
            {node.kind}
            {node.namespace ? ` in ${node.namespace}` : ''}
          </span>
        </div>
        <ResourceActions
          app={app.metadata.name}
          target={ref}
          canDelete={canDelete}
          onDone={(text, ok) => {
            setNotice({ text, ok });
            if (ok) onChanged();
          }}
        />
        <button type="button" className="btn-icon" aria-label="Close resource panel" onClick={onClose}>
          ✕
        </button>
      </header>
      {notice && (
        <p className={notice.ok ? 'notice notice-info' : 'notice notice-error'} role="status">
          {notice.text}
        </p>
      )}
      <Tabs tabs={tabs} active={tab} onChange={setTab} label="Resource views">
        {tab === 'summary' && (
          <ResourceSummary
            app={app}
            node={node}
            graph={graph}
            manifest={desired ?? live}
            onSelect={onSelect}
          />
        )}
        {tab === 'live' &&
          (fetched.loading && !managed ? (
            <Loading what="live manifest" />
          ) : fetched.error ? (
            <ErrorState title="Could not load the live manifest" message={fetched.error} />
          ) : (
            <Manifest obj={live} empty="This resource does not exist in the cluster." />
          ))}
        {tab === 'desired' && (
          <Manifest
            obj={desired}
            empty="Git does not declare this resource (it will be pruned on a sync with prune)."
          />
        )}
        {tab === 'diff' && diff && (
          <>
            <div className="section-bar">
              <span>
                {diff.changes ? `${diff.changes} changed lines` : 'No differences'}
                {diff.ignoredChanges ? `, ${diff.ignoredChanges} ignored` : ''}
              </span>
              <DiffOptionsBar options={diffOptions} onChange={setDiffOptions} />
            </div>
            <DiffLines diff={diff} options={diffOptions} />
          </>
        )}
        {tab === 'events' &&
          (events.loading ? (
            <Loading what="events" />
          ) : events.error ? (
            <ErrorState title="Could not load events" message={events.error} />
          ) : (
            <EventsList events={events.data?.items ?? []} />
          ))}
        {tab === 'logs' &&
          (fetched.loading && !managed ? (
            <Loading what="containers" />
          ) : (
            <LogViewer app={app.metadata.name} target={ref} containers={containersOf(live)} />
          ))}
      </Tabs>
    </aside>
  );
}
