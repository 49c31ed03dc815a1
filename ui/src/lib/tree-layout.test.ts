import { describe, expect, it } from 'vitest';
import type { ResourceNode, ResourceStatus } from '../api/types.ts';
import { defaultSizes, layoutTree, ROOT_KEY } from './tree-layout.ts';

const node = (
  kind: string,
  name: string,
  uid: string,
  parent?: { kind: string; name: string; uid: string; group?: string },
): ResourceNode => ({
  group: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '',
  version: 'v1',
  kind,
  namespace: 'demo',
  name,
  uid,
  parentRefs: parent
    ? [
        {
          group: parent.group ?? 'apps',
          kind: parent.kind,
          namespace: 'demo',
          name: parent.name,
          uid: parent.uid,
        },
      ]
    : [],
  health: { status: 'Healthy' },
});

const tree = [
  node('Deployment', 'web', 'd1'),
  node('ReplicaSet', 'web-1', 'r1', { kind: 'Deployment', name: 'web', uid: 'd1' }),
  node('Pod', 'web-1-a', 'p1', { kind: 'ReplicaSet', name: 'web-1', uid: 'r1' }),
  node('Pod', 'web-1-b', 'p2', { kind: 'ReplicaSet', name: 'web-1', uid: 'r1' }),
  node('Service', 'web', 's1'),
];
const declared: ResourceStatus[] = [
  { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'demo', name: 'web', status: 'Synced' },
  { group: '', version: 'v1', kind: 'Service', namespace: 'demo', name: 'web', status: 'OutOfSync' },
  { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'cfg', status: 'OutOfSync' },
];

describe('layoutTree', () => {
  const g = layoutTree({ appName: 'guestbook', tree, declared });
  const at = (kind: string, name: string) => g.nodes.find((n) => n.kind === kind && n.name === name);

  it('puts the app first, its resources in column 1 and owned objects further right', () => {
    expect(g.nodes[0]?.key).toBe(ROOT_KEY);
    expect(at('Deployment', 'web')?.depth).toBe(1);
    expect(at('ReplicaSet', 'web-1')?.depth).toBe(2);
    expect(at('Pod', 'web-1-a')?.depth).toBe(3);
    expect(at('Pod', 'web-1-a')?.x).toBe(3 * (defaultSizes.nodeWidth + defaultSizes.columnGap));
  });

  it('adds declared resources that are not live yet as Missing, with their sync status', () => {
    expect(at('ConfigMap', 'cfg')).toMatchObject({ depth: 1, health: 'Missing', sync: 'OutOfSync' });
    expect(at('Service', 'web')?.sync).toBe('OutOfSync');
    expect(at('Pod', 'web-1-a')?.sync).toBeUndefined();
  });

  it('gives every leaf its own row and centres parents on their children', () => {
    const ys = g.nodes
      .filter((n) => n.kind === 'Pod' || n.kind === 'Service' || n.kind === 'ConfigMap')
      .map((n) => n.y);
    expect(new Set(ys).size).toBe(ys.length);
    const rs = at('ReplicaSet', 'web-1');
    const pods = [at('Pod', 'web-1-a'), at('Pod', 'web-1-b')].map((p) => p?.y ?? 0);
    expect(rs?.y).toBe((pods[0]! + pods[1]!) / 2);
    expect(g.height).toBe(4 * (defaultSizes.nodeHeight + defaultSizes.rowGap) - defaultSizes.rowGap);
  });

  it('orders siblings by kind: ConfigMap, Service, Deployment', () => {
    const col1 = g.nodes
      .filter((n) => n.depth === 1)
      .sort((a, b) => a.y - b.y)
      .map((n) => n.kind);
    expect(col1).toEqual(['ConfigMap', 'Service', 'Deployment']);
  });

  it('draws one edge per parent link and survives a parent cycle', () => {
    expect(g.edges).toHaveLength(6);
    const cyc = layoutTree({
      appName: 'x',
      tree: [
        node('ReplicaSet', 'a', 'a', { kind: 'ReplicaSet', name: 'b', uid: 'b' }),
        node('ReplicaSet', 'b', 'b', { kind: 'ReplicaSet', name: 'a', uid: 'a' }),
      ],
      declared: [],
    });
    expect(cyc.nodes).toHaveLength(3);
  });
});
