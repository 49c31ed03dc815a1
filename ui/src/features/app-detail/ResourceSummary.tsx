// The Summary tab of a resource: health (and its message), sync, sync wave and hooks, owner and children links.
import type { Application } from '../../api/types.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { HealthBadge, SyncBadge } from '../../components/StatusBadge.tsx';
import { ROOT_KEY, type Graph, type GraphNode } from '../../lib/tree-layout.ts';
import { syncInfoOf } from './sync-info.ts';

interface Props {
  app: Application;
  node: GraphNode;
  graph: Graph;
  /** The manifest its ordering annotations are read from (desired when Git declares it, else live). */
  manifest: Record<string, unknown> | undefined;
  onSelect: (node: GraphNode) => void;
}

function NodeLinks({ nodes, onSelect }: { nodes: GraphNode[]; onSelect: (n: GraphNode) => void }) {
  return (
    <ul className="node-links">
      {nodes.map((n) => (
        <li key={n.key}>
          <button type="button" className="btn-link" onClick={() => onSelect(n)}>
            <KindIcon kind={n.kind} /> {n.kind} {n.name}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ResourceSummary({ app, node, graph, manifest, onSelect }: Props) {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const pick = (keys: string[]) => keys.map((k) => byKey.get(k)).filter((n): n is GraphNode => !!n);
  const owners = pick(graph.edges.filter((e) => e.to === node.key && e.from !== ROOT_KEY).map((e) => e.from));
  const children = pick(graph.edges.filter((e) => e.from === node.key).map((e) => e.to));
  const info = syncInfoOf(app, node, manifest);
  return (
    <dl className="facts">
      <dt>Health</dt>
      <dd>
        <HealthBadge status={node.health} />
        {node.healthMessage && <p className="health-msg">{node.healthMessage}</p>}
      </dd>
      <dt>Sync</dt>
      <dd>
        {node.sync ? (
          <SyncBadge status={node.sync} />
        ) : (
          <span className="muted">Not declared in Git (owned by another resource)</span>
        )}
      </dd>
      <dt>Sync wave</dt>
      <dd>{info.wave}</dd>
      {info.hooks.length > 0 && (
        <>
          <dt>Hook</dt>
          <dd>
            {info.hooks.join(', ')}
            {info.deletePolicy && <span className="muted"> (deleted on {info.deletePolicy})</span>}
          </dd>
        </>
      )}
      {info.lastSync && (
        <>
          <dt>Last sync</dt>
          <dd>
            {info.lastSync.status}
            {info.lastSync.phase ? ` in ${info.lastSync.phase}` : ''}
            {info.lastSync.wave !== undefined ? `, wave ${info.lastSync.wave}` : ''}
            {info.lastSync.hookPhase ? `, hook ${info.lastSync.hookPhase}` : ''}
            {info.lastSync.message && <p className="health-msg">{info.lastSync.message}</p>}
          </dd>
        </>
      )}
      <dt>API</dt>
      <dd className="mono">
        {node.group ? `${node.group}/` : ''}
        {node.version}
      </dd>
      {node.uid && (
        <>
          <dt>UID</dt>
          <dd className="mono">{node.uid}</dd>
        </>
      )}
      {owners.length > 0 && (
        <>
          <dt>Owned by</dt>
          <dd>
            <NodeLinks nodes={owners} onSelect={onSelect} />
          </dd>
        </>
      )}
      {children.length > 0 && (
        <>
          <dt>Owns</dt>
          <dd>
            <NodeLinks nodes={children} onSelect={onSelect} />
          </dd>
        </>
      )}
    </dl>
  );
}
