// The floors bench/controller.ts measures Driftless against: the same apps' objects applied by
// `kubectl apply --server-side` (one client, one request at a time) and by 20 concurrent
// server-side appliers on keep-alive connections (the apiserver's real floor), each until Available.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeClient } from '../src/kube/client.js';
import { KubeApiError } from '../src/kube/api-error.js';
import type { Discovery } from '../src/kube/discovery.js';
import { clientListWatchApi, ListWatch } from '../src/kube/list-watch.js';
import { splitApiVersion, type KubeObject } from '../src/model/index.js';
import { seconds, until } from './stats.js';

/** The five objects of bench app `i` in namespace `ns`, as YAML. */
export function appObjects(i: number, ns: string, replicas = 1): string {
  const name = `app${i}`;
  return [
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-config, namespace: ${ns}}\ndata: {a: "1"}`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}-extra, namespace: ${ns}}\ndata: {b: "2"}`,
    `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}`,
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: web, image: "nginx:1.27"}]}`,
  ].join('\n---\n');
}

export const APPLIERS = 20;

/** Server-side applies `objs` from 20 concurrent appliers on the client's keep-alive connections. */
export async function applyAll(
  client: KubeClient,
  discovery: Discovery,
  objs: readonly KubeObject[],
  fieldManager: string,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: APPLIERS }, async () => {
      for (let o = objs[next++]; o; o = objs[next++]) {
        const { group, version } = splitApiVersion(o.apiVersion);
        const res = await discovery.find(group, o.kind, version);
        if (!res) throw new Error(`the cluster does not serve ${o.apiVersion} ${o.kind}`);
        await applyRetrying(() => client.apply(res, o, { fieldManager, force: true }));
      }
    }),
  );
}

/** Transient answers of an apiserver at its limit (429 throttled, 5xx timeouts) are retried, as any client does. */
async function applyRetrying(apply: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await apply();
      return;
    } catch (e) {
      const transient = e instanceof KubeApiError && (e.code === 429 || e.code >= 500);
      if (!transient || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

export interface FloorOptions {
  client: KubeClient;
  discovery: Discovery;
  kubectl: (args: string[]) => unknown;
  apps: number;
  /** Namespace prefix of this run. */
  run: string;
  sequential: boolean;
}

/** Both floors in ms (NaN for one not measured); prints each. */
export async function measureFloors(o: FloorOptions): Promise<{ floorMs: number; parallelFloorMs: number }> {
  const { client, discovery, apps: N, run } = o;
  // Available Deployments by namespace/name, from one watch (polling a list of thousands loads the server).
  const available = new Map<string, boolean>();
  const res = await discovery.find('apps', 'Deployment');
  if (!res) throw new Error('the cluster does not serve apps/v1 Deployment');
  const id = (d: KubeObject) => `${d.metadata.namespace ?? ''}/${d.metadata.name ?? ''}`;
  const note = (d: KubeObject) =>
    available.set(
      id(d),
      ((d.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0) >= 1,
    );
  const watch = new ListWatch({
    name: 'deployments.apps',
    api: clientListWatchApi(client, res),
    handler: {
      replace: (items) => {
        available.clear();
        for (const d of items) note(d);
      },
      event: (type, d) => (type === 'DELETED' ? available.delete(id(d)) : note(d)),
    },
  }).start();
  await watch.synced;
  const availableIn = (prefix: string) => {
    let n = 0;
    for (const [k, ok] of available) if (ok && k.startsWith(prefix)) n++;
    return n;
  };
  let floorMs = Number.NaN;
  if (o.sequential) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
    const docs: string[] = [];
    for (let i = 0; i < N; i++)
      docs.push(
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${run}-floor-${i}}`,
        appObjects(i, `${run}-floor-${i}`),
      );
    writeFileSync(join(dir, 'all.yaml'), docs.join('\n---\n'));
    const t0 = performance.now();
    o.kubectl(['apply', '--server-side', '-f', join(dir, 'all.yaml')]);
    await until('floor deployments available', () => availableIn(`${run}-floor-`) >= N);
    floorMs = performance.now() - t0;
    console.log(
      `floor: kubectl apply --server-side of ${N} apps × 5 objects → all Available: ${seconds(floorMs)}`,
    );
  }
  const prefix = `${run}-pfloor-`;
  const objects = Array.from({ length: N }, (_, i) =>
    parseAllDocuments(appObjects(i, `${prefix}${i}`)).map((d) => d.toJS() as KubeObject),
  ).flat();
  const namespaces = Array.from({ length: N }, (_, i): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: `${prefix}${i}` },
  }));
  const t0 = performance.now();
  await applyAll(client, discovery, namespaces, 'bench-floor');
  await applyAll(client, discovery, objects, 'bench-floor');
  const appliedMs = performance.now() - t0;
  await until('parallel floor deployments available', () => availableIn(prefix) >= N);
  const parallelFloorMs = performance.now() - t0;
  console.log(
    `parallel floor: ${APPLIERS} server-side appliers, ${N} apps × 5 objects → applied ${seconds(appliedMs)}, all Available: ${seconds(parallelFloorMs)}`,
  );
  await watch.stop();
  return { floorMs, parallelFloorMs };
}
