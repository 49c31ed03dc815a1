// Benchmark: compare 1,000 apps × 10 resources (desired vs a live copy with server fields and managedFields),
// then the server-side-diff path over 1,000 apps × 5: first compare (cold prediction cache; the dry run
// itself is stood in for by the object it would return, its API time is bench/controller.ts's) and a
// steady-state full refresh (warm cache: dry-run calls, CPU per resource); prints figures.
import { compareWithPrediction } from '../src/controller/compare-object.js';
import { PredictionCache, type Prediction } from '../src/controller/prediction-cache.js';
import { DEFAULT_DIFF_SETTINGS } from '../src/diff/diff-settings.js';
import { desiredHash, predictionEqualsLive } from '../src/diff/server-side-diff.js';
import { compareResource } from '../src/diff/index.js';
import { aggregateHealth, assessHealth } from '../src/health/index.js';
import type { KubeObject } from '../src/model/index.js';
import { benchArgs } from './usage.js';

const USAGE = `
Usage: [APPS=1000] node dist/bench/diff.js
Compare APPS apps x 10 resources, then the server-side-diff path over APPS x 5 (cold and warm
prediction cache); prints figures.
  -h, --help  this text`;
benchArgs(USAGE, {});

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

// --- server-side diff: 1,000 apps × 5 objects through the prediction cache ---
const SSD_PER_APP = 5;
const ssdPairs = pairs.filter((_, i) => i % PER_APP < SSD_PER_APP);
const cache = new PredictionCache();
/** What the dry run would return: Git's fields applied over live (for the drifted 1%, Git's replicas). */
const predictedOf = (p: { desired: KubeObject; live: KubeObject }): KubeObject =>
  p.live.spec && (p.live.spec as { replicas?: number }).replicas === 3 ? liveOf(p.desired, false) : p.live;

function ssdRound(): { ms: number; modified: number; dryRuns: number } {
  const dryRuns0 = cache.stats().dryRuns;
  const t0 = performance.now();
  let modified = 0;
  for (const p of ssdPairs) {
    const uid = `${p.desired.metadata.namespace}/${p.desired.metadata.name}`;
    const rv = p.live.metadata.resourceVersion ?? '';
    const hash = desiredHash(p.desired, 'driftless\u0000Strict');
    let prediction: Prediction | undefined = cache.get(uid, rv, hash);
    if (!prediction) {
      cache.countDryRun();
      const predicted = predictedOf(p);
      prediction = predictionEqualsLive(predicted, p.live, p.desired)
        ? { kind: 'unchanged' }
        : { kind: 'predicted', predicted };
      cache.set(uid, rv, hash, prediction);
    }
    const input = { desired: p.desired, live: p.live, managedFieldsManager: 'driftless' };
    if (compareWithPrediction(input, prediction, DEFAULT_DIFF_SETTINGS).modified) modified++;
  }
  return { ms: performance.now() - t0, modified, dryRuns: cache.stats().dryRuns - dryRuns0 };
}

function legacyRound(): number {
  const t0 = performance.now();
  for (const p of ssdPairs)
    compareResource({ desired: p.desired, live: p.live, managedFieldsManager: 'driftless' });
  return performance.now() - t0;
}

legacyRound(); // warm-up of the code paths, not of the cache
const legacy = Math.min(legacyRound(), legacyRound(), legacyRound());
const first = ssdRound();
const steady = [ssdRound(), ssdRound(), ssdRound()];
const fastest = (rs: { ms: number }[]) => Math.min(...rs.map((r) => r.ms));
const us = (ms: number) => `${((ms * 1000) / ssdPairs.length).toFixed(1)} µs/resource`;
console.log(`server-side diff: ${APPS} apps x ${SSD_PER_APP} resources = ${ssdPairs.length} objects`);
console.log(`  normalizing comparison (before): ${legacy.toFixed(0)} ms, ${us(legacy)}`);
console.log(
  `  first compare (cold cache): ${first.ms.toFixed(0)} ms, ${us(first.ms)} + ${first.dryRuns} dry-run calls; ${first.modified} modified`,
);
console.log(
  `  steady-state full refresh: ${fastest(steady).toFixed(0)} ms, ${us(fastest(steady))}; ${steady[0]?.dryRuns ?? -1} dry-run calls; ${steady[0]?.modified ?? -1} modified`,
);
