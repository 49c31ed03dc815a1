// Benchmark: compare 1,000 apps × 10 resources (desired vs a live copy with server fields and managedFields); prints figures.
import { compareResource } from '../src/diff/index.js';
import { aggregateHealth, assessHealth } from '../src/health/index.js';
import type { KubeObject } from '../src/model/index.js';

const APPS = Number(process.env.APPS ?? 1000);
const PER_APP = 10;

function desiredDeployment(app: number, i: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `d${i}`,
      namespace: `app${app}`,
      labels: { app: `a${app}` },
      annotations: { 'argocd.argoproj.io/tracking-id': `app${app}:apps/Deployment:app${app}/d${i}` },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: `a${app}` } },
      template: {
        metadata: { labels: { app: `a${app}` } },
        spec: {
          containers: [
            {
              name: 'app',
              image: `img:${i}`,
              ports: [{ containerPort: 8080 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              resources: {
                limits: { cpu: '0.5', memory: '256Mi' },
                requests: { cpu: '100m', memory: '128Mi' },
              },
            },
            { name: 'side', image: 'side:1', args: ['--x', '--y'] },
          ],
          volumes: [{ name: 'v', emptyDir: {} }],
        },
      },
    },
  };
}

function liveOf(d: KubeObject, drift: boolean): KubeObject {
  const live = structuredClone(d);
  live.metadata = {
    ...live.metadata,
    uid: 'u',
    resourceVersion: '123',
    generation: 1,
    creationTimestamp: '2025-01-01T00:00:00Z',
    managedFields: [
      {
        manager: 'driftless',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ],
  };
  const spec = live.spec as {
    replicas: number;
    revisionHistoryLimit?: number;
    template: { spec: { containers: Record<string, unknown>[] } };
  };
  spec.revisionHistoryLimit = 10;
  for (const c of spec.template.spec.containers) c.imagePullPolicy = 'IfNotPresent';
  if (drift) spec.replicas = 3;
  live.status = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 };
  return live;
}

const pairs: { desired: KubeObject; live: KubeObject }[] = [];
for (let a = 0; a < APPS; a++)
  for (let i = 0; i < PER_APP; i++) {
    const desired = desiredDeployment(a, i);
    pairs.push({ desired, live: liveOf(desired, (a * PER_APP + i) % 100 === 0) });
  }

function round(): { ms: number; modified: number } {
  const t0 = performance.now();
  let modified = 0;
  for (const p of pairs)
    if (compareResource({ desired: p.desired, live: p.live, managedFieldsManager: 'driftless' }).modified)
      modified++;
  return { ms: performance.now() - t0, modified };
}

round(); // warm-up
const runs = [round(), round(), round()];
const best = Math.min(...runs.map((r) => r.ms));
console.log(`diff: ${APPS} apps x ${PER_APP} resources = ${pairs.length} compares`);
console.log(
  `diff: best of 3: ${best.toFixed(0)} ms total, ${((best * 1000) / pairs.length).toFixed(1)} µs per resource, ${runs[0]?.modified ?? 0} modified`,
);

const t0 = performance.now();
for (let a = 0; a < APPS; a++)
  aggregateHealth(pairs.slice(a * PER_APP, (a + 1) * PER_APP).map((p) => assessHealth(p.live)));
console.log(
  `health: ${pairs.length} assessments + ${APPS} aggregations: ${(performance.now() - t0).toFixed(0)} ms`,
);
