// Bench: initial sync time and bytes per cached object of the live cache, over N ConfigMaps + N Deployments.
//   node --expose-gc dist/bench/live-cache.js [--count 1000] [--kubeconfig path] [--keep]
// Prints figures only; no assertions.
import { KubeClient } from '../src/kube/client.js';
import { Discovery } from '../src/kube/discovery.js';
import { defaultKubeconfigPath, loadKubeconfig } from '../src/kube/kubeconfig.js';
import { LiveCache } from '../src/kube/live-cache.js';
import { ANNOTATION_LAST_APPLIED } from '../src/kube/trim.js';
import type { KubeObject } from '../src/model/kube-object.js';
import { benchArgs, countOption } from './usage.js';

const USAGE = `
Usage: node --expose-gc dist/bench/live-cache.js [--count 1000] [--kubeconfig path] [--keep]
Initial sync time and bytes per cached object of the live cache over N ConfigMaps + N Deployments.
  --count N          objects of each kind (default 1000)
  --kubeconfig path  the cluster (default: DRIFTLESS_E2E_KUBECONFIG, then ~/.kube/config)
  --keep             leave the bench namespace behind
  -h, --help  this text`;
const args = benchArgs(USAGE, {
  count: { type: 'string' },
  kubeconfig: { type: 'string' },
  keep: { type: 'boolean' },
});

const count = countOption('count', args.count, 1000);
const kubeconfig =
  args.kubeconfig ?? process.env.DRIFTLESS_E2E_KUBECONFIG ?? defaultKubeconfigPath(process.env);
const client = new KubeClient(loadKubeconfig(kubeconfig));
const discovery = new Discovery(client);
const ns = `bench-cache-${Date.now().toString(36)}`;

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Objects shaped like a Git-managed app's: a tracking id, labels, a last-applied copy (kubectl users). */
function objects(i: number): KubeObject[] {
  const name = `app-${i}`;
  const labels = { 'app.kubernetes.io/instance': `bench-${i % 50}`, app: name };
  const tracking = (kind: string, group: string): Record<string, string> => ({
    'argocd.argoproj.io/tracking-id': `bench-${i % 50}:${group}/${kind}:${ns}/${name}`,
  });
  const cm: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, labels, annotations: tracking('ConfigMap', '') },
    data: {
      'app.properties': `name=${name}\nreplicas=2\nlog.level=info\nfeature.x=true\n`,
      version: String(i),
    },
  };
  const deploy: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels, annotations: tracking('Deployment', 'apps') },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1.2.3',
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'CONFIG', value: name }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
  for (const o of [cm, deploy]) {
    const annotations = o.metadata.annotations ?? {};
    annotations[ANNOTATION_LAST_APPLIED] = JSON.stringify(o);
    o.metadata.annotations = annotations;
  }
  return [cm, deploy];
}

async function create(): Promise<void> {
  const nsRes = await discovery.require('v1', 'Namespace');
  await client.create(nsRes, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const cmRes = await discovery.require('v1', 'ConfigMap');
  const deployRes = await discovery.require('apps/v1', 'Deployment');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const [cm, deploy] = objects(next++);
      if (cm) await client.apply(cmRes, cm, { fieldManager: 'kubectl-client-side-apply' });
      if (deploy) await client.apply(deployRes, deploy, { fieldManager: 'driftless' });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const t0 = Date.now();
await create();
console.log(
  `created ${count} ConfigMaps + ${count} Deployments in ${ns} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const before = heapUsed();
const cache = new LiveCache({ client, discovery });
const t1 = performance.now();
await cache.start();
await cache.synced();
const syncMs = performance.now() - t1;
const after = heapUsed();
const stats = cache.stats();
console.log(
  `initial sync: ${stats.objects} objects in ${cache.watchedTypes().length} types in ${syncMs.toFixed(0)} ms`,
);
console.log(
  `heap growth: ${((after - before) / 1024 / 1024).toFixed(1)} MiB = ${Math.round((after - before) / stats.objects)} bytes/object (all indexes included)`,
);
console.log(
  `JSON size of trimmed objects: ${Math.round(stats.approxBytes / stats.objects)} bytes/object on average`,
);
for (const t of stats.types.sort((a, b) => b.objects - a.objects).slice(0, 8)) {
  console.log(
    `  ${`${t.kind}${t.group ? `.${t.group}` : ''}`.padEnd(48)} ${String(t.objects).padStart(6)} objects ${String(Math.round(t.approxBytes / t.objects)).padStart(6)} B/object (JSON, trimmed)`,
  );
}
// What trimming saves: the same ConfigMaps and Deployments as the server sends them.
for (const [apiVersion, kind] of [
  ['v1', 'ConfigMap'],
  ['apps/v1', 'Deployment'],
] as const) {
  const res = await discovery.require(apiVersion, kind);
  const raw = await client.listAll(res, { namespace: ns });
  const rawBytes = raw.items.reduce((n, o) => n + Buffer.byteLength(JSON.stringify(o)), 0);
  const trimmed = cache
    .list(res.group, kind, ns)
    .reduce((n, o) => n + Buffer.byteLength(JSON.stringify(o)), 0);
  console.log(
    `  ${kind}: ${Math.round(rawBytes / raw.items.length)} B/object as served, ${Math.round(trimmed / raw.items.length)} B/object trimmed`,
  );
}
await cache.stop();
if (!args.keep) {
  await client.delete(await discovery.require('v1', 'Namespace'), ns, { propagationPolicy: 'Background' });
}
client.close();
