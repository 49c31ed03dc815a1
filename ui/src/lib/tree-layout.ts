// Lays out an app's resource tree as a left-to-right graph: app → resources → what they own. Pure.
import type { ResourceNode, ResourceStatus } from '../api/types.ts';
import { resourceKey } from './resource-key.ts';

export interface GraphNode {
  key: string;
  kind: string;
  name: string;
  group: string;
  version: string;
  namespace: string;
  uid: string | undefined;
  health: string | undefined;
  healthMessage: string | undefined;
  /** Sync status for resources Git declares; undefined for owned ones (Pods, ReplicaSets…). */
  sync: string | undefined;
  depth: number;
  x: number;
  y: number;
}
export interface GraphEdge {
  from: string;
  to: string;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export interface LayoutSizes {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
}
export const defaultSizes: LayoutSizes = { nodeWidth: 240, nodeHeight: 52, columnGap: 64, rowGap: 14 };

export const ROOT_KEY = '__app__';

// Kinds shown first among siblings, in the order a reader expects them.
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'CronJob',
  'Job',
  'Pod',
  'Ingress',
  'Endpoints',
  'EndpointSlice',
];
function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

interface Input {
  appName: string;
  appHealth?: string | undefined;
  appSync?: string | undefined;
  tree: readonly ResourceNode[];
  /** The app's status.resources: adds declared resources that do not exist live yet (Missing). */
  declared: readonly ResourceStatus[];
}

function mergeNodes(input: Input): Map<string, GraphNode> {
  const byKey = new Map<string, GraphNode>();
  const sync = new Map(input.declared.map((r) => [resourceKey(r), r]));
  for (const n of input.tree) {
    const key = resourceKey(n);
    const d = sync.get(key);
    byKey.set(key, {
      key,
      kind: n.kind,
      name: n.name,
      group: n.group,
      version: n.version,
      namespace: n.namespace,
      uid: n.uid,
      health: n.health?.status ?? d?.health?.status,
      healthMessage: n.health?.message ?? d?.health?.message,
      sync: d?.status,
      depth: 0,
      x: 0,
      y: 0,
    });
  }
  for (const d of input.declared) {
    const key = resourceKey(d);
    if (byKey.has(key)) continue;
    byKey.set(key, {
      key,
      kind: d.kind,
      name: d.name,
      group: d.group,
      version: d.version,
      namespace: d.namespace,
      uid: undefined,
      health: d.health?.status ?? 'Missing',
      healthMessage: d.health?.message,
      sync: d.status,
      depth: 0,
      x: 0,
      y: 0,
    });
  }
  return byKey;
}

function compareNodes(a: GraphNode, b: GraphNode): number {
  return kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}

export function layoutTree(input: Input, sizes: LayoutSizes = defaultSizes): Graph {
  const byKey = mergeNodes(input);
  const byUid = new Map<string, string>();
  for (const n of byKey.values()) if (n.uid) byUid.set(n.uid, n.key);
  const children = new Map<string, string[]>([[ROOT_KEY, []]]);
  const edges: GraphEdge[] = [];
  const treeByKey = new Map(input.tree.map((n) => [resourceKey(n), n]));
  for (const n of byKey.values()) {
    const parents = (treeByKey.get(n.key)?.parentRefs ?? [])
      .map((p) => (p.uid && byUid.get(p.uid)) || resourceKey(p))
      .filter((k) => byKey.has(k) && k !== n.key);
    const primary = parents[0] ?? ROOT_KEY;
    if (!children.has(primary)) children.set(primary, []);
    children.get(primary)?.push(n.key);
    edges.push({ from: primary, to: n.key });
    for (const extra of parents.slice(1)) edges.push({ from: extra, to: n.key });
  }

  const root: GraphNode = {
    key: ROOT_KEY,
    kind: 'Application',
    name: input.appName,
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: '',
    uid: undefined,
    health: input.appHealth,
    healthMessage: undefined,
    sync: input.appSync,
    depth: 0,
    x: 0,
    y: 0,
  };
  byKey.set(ROOT_KEY, root);

  const placed: GraphNode[] = [];
  const visited = new Set<string>();
  const rowH = sizes.nodeHeight + sizes.rowGap;
  let nextRow = 0;
  // Leaves take consecutive rows; a parent sits level with the middle of its children.
  const place = (key: string, depth: number): number => {
    const node = byKey.get(key);
    if (!node || visited.has(key)) return -1;
    visited.add(key);
    node.depth = depth;
    node.x = depth * (sizes.nodeWidth + sizes.columnGap);
    placed.push(node);
    const kids = (children.get(key) ?? []).map((k) => byKey.get(k)).filter((n): n is GraphNode => !!n);
    kids.sort(compareNodes);
    const rows = kids.map((k) => place(k.key, depth + 1)).filter((r) => r >= 0);
    const first = rows[0];
    const last = rows[rows.length - 1];
    const row = first === undefined || last === undefined ? nextRow++ : (first + last) / 2;
    node.y = row * rowH;
    return row;
  };
  place(ROOT_KEY, 0);
  // Anything unreachable (a parent cycle) still gets drawn, under the root's column 1.
  for (const n of byKey.values()) if (!visited.has(n.key)) place(n.key, 1);

  const maxDepth = placed.reduce((m, n) => Math.max(m, n.depth), 0);
  return {
    nodes: placed,
    edges: edges.filter((e) => visited.has(e.from) && visited.has(e.to)),
    width: (maxDepth + 1) * sizes.nodeWidth + maxDepth * sizes.columnGap,
    height: Math.max(1, nextRow) * rowH - sizes.rowGap,
  };
}

/** An SVG path from the right edge of one node to the left edge of another: a smooth S-curve. */
export function edgePath(from: GraphNode, to: GraphNode, sizes: LayoutSizes = defaultSizes): string {
  const x1 = from.x + sizes.nodeWidth;
  const y1 = from.y + sizes.nodeHeight / 2;
  const x2 = to.x;
  const y2 = to.y + sizes.nodeHeight / 2;
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}
