// Data for the mock API: a fleet of generated apps plus a few hand-made ones with real-looking resource trees.
import type { Application } from '../src/api/types.ts';
import type { KubeEvent, ManagedResource, ResourceNode } from '../src/api/types.ts';

export const PROJECTS = ['default', 'payments', 'platform', 'web', 'data'];
export const CLUSTERS = [
  { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
  { name: 'staging', server: 'https://10.0.12.4:6443' },
  { name: 'prod-eu', server: 'https://prod-eu.k8s.example.com' },
];
export const COMMITS: Record<string, { message: string; author: string }> = {};

let rvCounter = 1000;
export function nextRv(): string {
  return String(++rvCounter);
}

function rng(seed: number): () => number {
  let s = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export function sha(n: number): string {
  let h = '';
  let x = (n * 2654435761) >>> 0;
  while (h.length < 40) {
    x = (x * 1103515245 + 12345) >>> 0;
    h += x.toString(16).padStart(8, '0');
  }
  return h.slice(0, 40);
}

const WORDS = [
  'checkout',
  'cart',
  'search',
  'ledger',
  'billing',
  'auth',
  'gateway',
  'catalog',
  'metrics',
  'ingest',
  'notify',
  'profile',
  'orders',
  'inventory',
  'media',
];
const AUTHORS = [
  'Ada Lovelace <ada@example.com>',
  'Grace Hopper <grace@example.com>',
  'Linus T <linus@example.com>',
  'Margaret H <mh@example.com>',
];

export function commitFor(rev: string, i: number): { message: string; author: string } {
  const c = COMMITS[rev] ?? {
    message: `Bump ${WORDS[i % WORDS.length] ?? 'app'} to v1.${i % 40}.${i % 7}`,
    author: AUTHORS[i % AUTHORS.length] ?? 'dev',
  };
  COMMITS[rev] = c;
  return c;
}

export function makeApp(i: number, now: number): Application {
  const r = rng(i + 1);
  const name = `${WORDS[i % WORDS.length]}-${String(i).padStart(5, '0')}`;
  const project = PROJECTS[Math.floor(r() * PROJECTS.length)] ?? 'default';
  const cluster = CLUSTERS[Math.floor(r() * CLUSTERS.length)] ?? CLUSTERS[0];
  const roll = r();
  const sync = roll < 0.82 ? 'Synced' : roll < 0.97 ? 'OutOfSync' : 'Unknown';
  const h = r();
  const health =
    h < 0.8
      ? 'Healthy'
      : h < 0.88
        ? 'Progressing'
        : h < 0.94
          ? 'Degraded'
          : h < 0.97
            ? 'Missing'
            : 'Suspended';
  const rev = sha(i);
  const deployed = new Date(now - Math.floor(r() * 86_400_000 * 3)).toISOString();
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      resourceVersion: nextRv(),
      uid: `uid-${i}`,
      labels: { team: project, env: r() < 0.5 ? 'prod' : 'staging' },
    },
    spec: {
      project,
      source: {
        repoURL: `https://git.example.com/${project}/deploy.git`,
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: { server: cluster?.server ?? '', namespace: name.split('-')[0] ?? 'default' },
      syncPolicy: r() < 0.5 ? { automated: { prune: true, selfHeal: true } } : {},
    },
    status: {
      sync: { status: sync, revision: rev },
      health: { status: health },
      history: [{ id: 1, revision: rev, deployedAt: deployed }],
      reconciledAt: deployed,
      resources: [],
    },
  };
}

// ---- the hand-made guestbook app, whose resources the detail page shows --------------------------

export interface LiveResource {
  node: ResourceNode;
  live: Record<string, unknown> | undefined;
  desired: Record<string, unknown> | undefined;
}

function deployment(replicas: number, image: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'guestbook-ui', namespace: 'guestbook', labels: { app: 'guestbook-ui' } },
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: 'guestbook-ui' } },
      template: {
        metadata: { labels: { app: 'guestbook-ui' } },
        spec: { containers: [{ name: 'guestbook-ui', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

export function guestbookDesired(): Record<string, Record<string, unknown>> {
  return {
    deploy: deployment(2, 'gcr.io/heptio-images/ks-guestbook-demo:0.2'),
    svc: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'guestbook-ui', namespace: 'guestbook' },
      spec: { ports: [{ port: 80, targetPort: 80 }], selector: { app: 'guestbook-ui' } },
    },
    cm: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'guestbook-config', namespace: 'guestbook' },
      data: { GREETING: 'Hello from Git', THEME: 'light' },
    },
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'guestbook-db', namespace: 'guestbook' },
      type: 'Opaque',
      data: { password: 'c3VwZXItc2VjcmV0', user: 'Z3Vlc3Q=' },
    },
  };
}

const liveMeta = (o: Record<string, unknown>, uid: string): Record<string, unknown> => ({
  ...o,
  metadata: {
    ...(o['metadata'] as object),
    uid,
    resourceVersion: nextRv(),
    creationTimestamp: new Date().toISOString(),
    managedFields: [{ manager: 'driftless' }],
  },
  status: o['kind'] === 'Deployment' ? { readyReplicas: 2, replicas: 2 } : undefined,
});

export function guestbookResources(
  desired: Record<string, Record<string, unknown>>,
  drifted: boolean,
): LiveResource[] {
  const now = new Date().toISOString();
  const n = (
    kind: string,
    name: string,
    uid: string,
    group = '',
    parent?: ResourceNode,
    health = 'Healthy',
  ): ResourceNode => ({
    group,
    version: 'v1',
    kind,
    namespace: 'guestbook',
    name,
    uid,
    createdAt: now,
    health: { status: health },
    parentRefs: parent
      ? [
          {
            group: parent.group,
            kind: parent.kind,
            namespace: parent.namespace,
            name: parent.name,
            uid: parent.uid,
          },
        ]
      : [],
  });
  const liveDeploy = drifted
    ? deployment(5, 'gcr.io/heptio-images/ks-guestbook-demo:0.3')
    : desired['deploy'];
  const dep = n('Deployment', 'guestbook-ui', 'u-deploy', 'apps');
  const rs = n('ReplicaSet', 'guestbook-ui-7d9c5b', 'u-rs', 'apps', dep);
  const pods = [0, 1].map((i) =>
    n('Pod', `guestbook-ui-7d9c5b-${['x2k9p', 'q7m4z'][i]}`, `u-pod${i}`, '', rs),
  );
  const list: LiveResource[] = [
    { node: dep, live: liveDeploy && liveMeta(liveDeploy, 'u-deploy'), desired: desired['deploy'] },
    {
      node: n('Service', 'guestbook-ui', 'u-svc'),
      live: desired['svc'] && liveMeta(desired['svc'], 'u-svc'),
      desired: desired['svc'],
    },
    {
      node: n('ConfigMap', 'guestbook-config', 'u-cm'),
      live: desired['cm'] && liveMeta(desired['cm'], 'u-cm'),
      desired: desired['cm'],
    },
    {
      node: n('Secret', 'guestbook-db', 'u-sec'),
      live: desired['secret'] && liveMeta(desired['secret'], 'u-sec'),
      desired: desired['secret'],
    },
    {
      node: rs,
      live: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: rs.name, namespace: 'guestbook' },
        spec: { replicas: 2 },
      },
      desired: undefined,
    },
    ...pods.map((p) => ({
      node: p,
      live: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: p.name, namespace: 'guestbook' },
        status: { phase: 'Running' },
      },
      desired: undefined,
    })),
  ];
  return list;
}

export function managedOf(res: LiveResource[]): ManagedResource[] {
  return res
    .filter((r) => r.desired)
    .map((r) => ({
      group: r.node.group,
      kind: r.node.kind,
      namespace: r.node.namespace,
      name: r.node.name,
      liveState: JSON.stringify(r.live ?? null),
      targetState: JSON.stringify(r.desired ?? null),
      normalizedLiveState: JSON.stringify(r.live ?? null),
      predictedLiveState: JSON.stringify(r.desired ?? null),
      modified:
        JSON.stringify({ ...r.live, metadata: undefined, status: undefined }) !==
        JSON.stringify({ ...r.desired, metadata: undefined }),
    }));
}

export function event(
  reason: string,
  message: string,
  kind: string,
  name: string,
  type = 'Normal',
): KubeEvent {
  const t = new Date().toISOString();
  return {
    metadata: { name: `${name}.${Math.random().toString(16).slice(2, 8)}` },
    involvedObject: { kind, name, namespace: 'guestbook' },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: t,
    lastTimestamp: t,
  };
}
