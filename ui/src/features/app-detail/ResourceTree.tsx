// The resource tree drawn as a graph: SVG curves for ownership, one focusable button per resource.
import { useMemo, type KeyboardEvent } from 'react';
import type { Application, ResourceNode } from '../../api/types.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { HealthBadge, SyncBadge } from '../../components/StatusBadge.tsx';
import {
  defaultSizes,
  edgePath,
  layoutTree,
  ROOT_KEY,
  type Graph,
  type GraphNode,
} from '../../lib/tree-layout.ts';

interface Props {
  app: Application;
  graph: Graph;
  selected: string | undefined;
  onSelect: (node: GraphNode) => void;
}

const PAD = 16;

/** The app's tree laid out as a graph (the tree view and the resource panel's owner/children links share it). */
export function useAppGraph(app: Application | undefined, tree: readonly ResourceNode[]): Graph {
  return useMemo(
    () =>
      layoutTree({
        appName: app?.metadata.name ?? '',
        appHealth: app?.status?.health?.status,
        appSync: app?.status?.sync?.status,
        tree,
        declared: app?.status?.resources ?? [],
      }),
    [app, tree],
  );
}

export function ResourceTree({ app, graph, selected, onSelect }: Props) {
  const byKey = useMemo(() => new Map(graph.nodes.map((n) => [n.key, n])), [graph]);
  // Arrow keys walk the graph: up/down among neighbours in a column, left to the parent, right to a child.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const key = (document.activeElement as HTMLElement | null)?.dataset['node'];
    const cur = key ? byKey.get(key) : undefined;
    if (!cur) return;
    let next: GraphNode | undefined;
    const col = graph.nodes.filter((n) => n.depth === cur.depth).sort((a, b) => a.y - b.y);
    const i = col.indexOf(cur);
    if (e.key === 'ArrowDown') next = col[i + 1];
    else if (e.key === 'ArrowUp') next = col[i - 1];
    else if (e.key === 'ArrowLeft') next = byKey.get(graph.edges.find((x) => x.to === cur.key)?.from ?? '');
    else if (e.key === 'ArrowRight') next = byKey.get(graph.edges.find((x) => x.from === cur.key)?.to ?? '');
    if (!next) return;
    e.preventDefault();
    e.currentTarget.querySelector<HTMLElement>(`[data-node="${CSS.escape(next.key)}"]`)?.focus();
  };
  const { nodeWidth: w, nodeHeight: h } = defaultSizes;
  return (
    <div className="tree-scroll" onKeyDown={onKeyDown}>
      <div
        className="tree-canvas"
        style={{ width: graph.width + PAD * 2, height: graph.height + PAD * 2 }}
        role="group"
        aria-label={`Resources of ${app.metadata.name}`}
      >
        <svg
          className="tree-edges"
          width={graph.width + PAD * 2}
          height={graph.height + PAD * 2}
          aria-hidden="true"
        >
          <g transform={`translate(${PAD},${PAD})`}>
            {graph.edges.map((e) => {
              const a = byKey.get(e.from);
              const b = byKey.get(e.to);
              return a && b ? <path key={`${e.from}>${e.to}`} d={edgePath(a, b)} /> : null;
            })}
          </g>
        </svg>
        {graph.nodes.map((n) => (
          <button
            key={n.key}
            type="button"
            data-node={n.key}
            className={`tree-node ${selected === n.key ? 'is-selected' : ''} ${n.sync === 'OutOfSync' ? 'is-drifted' : ''} ${n.key === ROOT_KEY ? 'is-root' : ''}`}
            style={{ left: n.x + PAD, top: n.y + PAD, width: w, height: h }}
            onClick={() => onSelect(n)}
            aria-label={`${n.kind} ${n.name}, health ${n.health ?? 'unknown'}${n.sync ? `, ${n.sync}` : ''}`}
          >
            <KindIcon kind={n.kind} />
            <span className="tree-node-text">
              <span className="tree-node-name">{n.name}</span>
              <span className="tree-node-badges">
                {n.health && <HealthBadge status={n.health} message={n.healthMessage} />}
                {n.sync && <SyncBadge status={n.sync} />}
              </span>
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
