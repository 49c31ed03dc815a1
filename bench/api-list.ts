// Benchmark: the application list at 10,000 synthetic apps (no cluster): the old per-request serialization
// against the snapshot (cold, warm, one app changed, 304), with the UI's fields and whole. Prints figures only.
import { gzipSync } from 'node:zlib';
import type { Application, KubeObject } from '../src/model/index.js';
import { AppListSnapshot } from '../src/server/app-list-snapshot.js';
import { listApplications } from '../src/server/app-list.js';
import { compress } from '../src/server/http-encoding.js';
import type { CacheListener, ReadPort } from '../src/server/ports.js';

const APPS = Number(process.env.APPS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 15);
// The applications page's selection (ui/src/api/client.ts APP_LIST_FIELDS).
const UI_FIELDS =
  'items.metadata.name,items.metadata.namespace,items.metadata.labels,items.metadata.resourceVersion,' +
  'items.metadata.deletionTimestamp,items.spec.project,items.spec.source,items.spec.sources,' +
  'items.spec.destination,items.status.sync.status,items.status.sync.revision,items.status.health,' +
  'items.status.conditions,items.status.operationState.phase,items.status.operationState.finishedAt,' +
  'items.status.history.deployedAt';

/** An app shaped like a reconciled one: 5 resources, an operation state with results, 3 history entries. */
function syntheticApp(i: number, rv: number): Application {
  const name = `app-${String(i).padStart(5, '0')}`;
  const sha = (n: number) => `${String(n).padStart(8, '0')}${'a'.repeat(32)}`;
  const kinds = ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount', 'Ingress'];
  const resources = kinds.map((kind) => ({
    group: kind === 'Deployment' ? 'apps' : kind === 'Ingress' ? 'networking.k8s.io' : '',
    version: 'v1',
    kind,
    namespace: name,
    name: `${name}-${kind.toLowerCase()}`,
    status: 'Synced',
    health: { status: 'Healthy' },
  }));
  const source = {
    repoURL: 'https://git.example/platform/apps.git',
    path: `apps/${name}`,
    targetRevision: 'HEAD',
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(rv),
      generation: 3,
      creationTimestamp: '2026-11-30T00:00:00Z',
      labels: { team: `t${i % 13}`, tier: i % 2 ? 'web' : 'db' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: `p${i % 5}`,
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: name },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
    status: {
      sync: { status: 'Synced', revision: sha(i), comparedTo: { source, destination: { namespace: name } } },
      health: { status: 'Healthy' },
      resources,
      summary: { images: ['nginx:1.27'] },
      reconciledAt: '2026-11-30T00:00:00Z',
      sourceType: 'Directory',
      history: [0, 1, 2].map((h) => ({
        id: h,
        revision: sha(h),
        deployedAt: '2026-11-30T00:00:00Z',
        source,
      })),
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-30T00:00:00Z',
        finishedAt: '2026-11-30T00:00:01Z',
        operation: { sync: { revision: sha(i) }, initiatedBy: { automated: true } },
        syncResult: {
          revision: sha(i),
          source,
          resources: resources.map((r) => ({ ...r, message: `${r.kind} configured`, syncPhase: 'Sync' })),
        },
      },
    },
  } as unknown as Application;
}

const apps = new Map<string, Application>();
for (let i = 0; i < APPS; i++) apps.set(syntheticApp(i, 1).metadata.name, syntheticApp(i, 1));
const listeners = new Set<CacheListener>();
const read = {
  namespace: 'argocd',
  on: (l: CacheListener) => (listeners.add(l), () => listeners.delete(l)),
  apps: { list: () => [...apps.values()] },
} as unknown as Pick<ReadPort, 'namespace' | 'on' | 'apps'>;
const can = (_r: string, _a: string, o: string) => !o.startsWith('p4/'); // 80% visible, as a scoped role
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function timed(what: string, fn: () => number, runs = RUNS): void {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = fn();
    ms.push(performance.now() - t0);
  }
  console.log(
    `${what.padEnd(58)} median ${median(ms).toFixed(1).padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(7)} KiB`,
  );
}

console.log(`${APPS} apps, 80% visible to the caller, ${RUNS} runs each`);
timed('before: filter, sort, JSON.stringify the whole list', () => {
  const visible = read.apps
    .list()
    .filter((a) => can('applications', 'get', `${a.spec.project}/${a.metadata.name}`))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return Buffer.byteLength(JSON.stringify({ metadata: {}, items: visible }));
});

// One caller under one policy: after the first request its visible apps are remembered (ADR 0034).
const CALLER = { subjects: ['admin'], policy: {} };
function request(q: string, fresh: boolean): number {
  const s = new AppListSnapshot(read);
  const r = listApplications(fresh ? s : snapshot, new URLSearchParams(q), can, CALLER);
  if (!('text' in r) || typeof r.text !== 'function') throw new Error('not a snapshot answer');
  const n = r.text().length;
  s.close();
  return n;
}
const snapshot = new AppListSnapshot(read);
timed('after, cold (every app serialized): UI fields', () => request(`fields=${UI_FIELDS}`, true), 5);
timed('after, cold: whole apps', () => request('', true), 5);
request(`fields=${UI_FIELDS}`, false);
request('', false);
timed('after, warm snapshot: UI fields', () => request(`fields=${UI_FIELDS}`, false));
timed('after, warm snapshot: whole apps', () => request('', false));
timed('after, warm: UI fields, first page of 250', () => request(`fields=${UI_FIELDS}&limit=250`, false));
let rv = 2;
timed('after, 100 apps changed since the last list: UI fields', () => {
  for (let i = 0; i < 100; i++) {
    const a = syntheticApp((i * 97) % APPS, rv++);
    apps.set(a.metadata.name, a);
    for (const l of listeners) l('modified', a as KubeObject, undefined);
  }
  return request(`fields=${UI_FIELDS}`, false);
});
timed('after, ETag only (what a 304 costs): UI fields', () => {
  const r = listApplications(snapshot, new URLSearchParams(`fields=${UI_FIELDS}`), can, CALLER);
  return 'etag' in r ? r.etag.length : 0;
});
const listed = listApplications(snapshot, new URLSearchParams(`fields=${UI_FIELDS}`), can, CALLER);
const text = 'text' in listed && typeof listed.text === 'function' ? listed.text() : '';
const body = typeof text === 'string' ? Buffer.from(text) : text;
for (const enc of ['br', 'gzip'] as const) {
  const t0 = performance.now();
  const out = await compress(body, enc);
  console.log(
    `compress the UI-fields list (${(body.length / 1024).toFixed(0)} KiB) with ${enc}: ${(performance.now() - t0).toFixed(0)} ms → ${(out.length / 1024).toFixed(0)} KiB`,
  );
}
console.log(`(gzip -1 for reference: ${(gzipSync(body, { level: 1 }).length / 1024).toFixed(0)} KiB)`);
snapshot.close();
