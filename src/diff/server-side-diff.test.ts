import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, ResourceIgnoreDifferences } from '../model/index.js';
import { compareResource, type CompareInput } from './compare-resource.js';
import { ANNOTATION_LAST_APPLIED } from './normalize.js';
import { desiredHash, predictionEqualsLive } from './server-side-diff.js';

// Cases from Argo CD's documented comparison behaviour (diffing.md, diff-strategies.md), written here.

const server = { uid: 'u1', resourceVersion: '42', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z' };
function deploy(
  containers: unknown[],
  extra: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod', ...meta },
    spec: { replicas: 1, template: { spec: { containers } }, ...extra },
  };
}
const env = (...names: string[]) => names.map((n) => ({ name: n, value: n.toLowerCase() }));
const web = (image: string, ...envNames: string[]) => ({ name: 'web', image, env: env(...envNames) });
/** What the API server adds to every object it stores. */
const stored = (o: KubeObject, status?: unknown): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, ...server, managedFields: [{ manager: 'x', operation: 'Update' }] },
  ...(status === undefined ? {} : { status }),
});

interface Case {
  name: string;
  input: CompareInput;
  want: string[];
}

const hpaRule: ResourceIgnoreDifferences = {
  group: 'apps',
  kind: 'Deployment',
  jsonPointers: ['/spec/replicas'],
};
const crd = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'prod' },
  spec,
});
const secret = (data: Record<string, unknown> | undefined): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'prod' },
  ...(data === undefined ? {} : { data }),
});
const withLastApplied = (o: KubeObject, la: KubeObject): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, annotations: { [ANNOTATION_LAST_APPLIED]: JSON.stringify(la) } },
});

const cases: Case[] = [
  {
    name: "server-side diff: another manager's env item is in the prediction too, so not drift",
    input: {
      desired: deploy([web('app:1', 'A')]),
      live: stored(deploy([web('app:1', 'A', 'INJECTED')]), { replicas: 1 }),
      predictedLive: stored(deploy([web('app:1', 'A', 'INJECTED')]), { replicas: 1 }),
    },
    want: [],
  },
  {
    name: 'server-side diff: a field we own changed live (kubectl edit of the image) is drift',
    input: {
      desired: deploy([web('app:1', 'A')]),
      live: stored(deploy([web('app:2', 'A')])),
      predictedLive: stored(deploy([web('app:1', 'A')])),
    },
    want: ['spec.template.spec.containers[name=web].image'],
  },
  {
    name: 'server-side diff: replicas set by an HPA, ignored by ignoreDifferences on both sides',
    input: {
      desired: deploy([web('app:1')]),
      live: stored(deploy([web('app:1')], { replicas: 3 })),
      predictedLive: stored(deploy([web('app:1')], { replicas: 1 })),
      ignoreDifferences: [hpaRule],
    },
    want: [],
  },
  {
    name: 'server-side diff: without the rule, the HPA replicas are drift',
    input: {
      desired: deploy([web('app:1')]),
      live: stored(deploy([web('app:1')], { replicas: 3 })),
      predictedLive: stored(deploy([web('app:1')], { replicas: 1 })),
    },
    want: ['spec.replicas'],
  },
  {
    name: 'server-side diff: a default from a CRD schema is in the prediction and live alike',
    input: {
      desired: crd({ color: 'blue' }),
      live: stored(crd({ color: 'blue', size: 1 })),
      predictedLive: stored(crd({ color: 'blue', size: 1 })),
    },
    want: [],
  },
  {
    name: 'server-side diff: a field removed from Git is gone from the prediction: drift',
    input: {
      desired: crd({ color: 'blue' }),
      live: stored(crd({ color: 'blue', shape: 'round' })),
      predictedLive: stored(crd({ color: 'blue' })),
    },
    want: ['spec.shape'],
  },
  {
    name: 'server-side diff: managedFieldsManagers read from the prediction (the cache keeps only ours)',
    input: {
      desired: deploy([web('app:1')]),
      live: stored(deploy([web('app:1')], { replicas: 5 })),
      predictedLive: {
        ...stored(deploy([web('app:1')], { replicas: 1 })),
        metadata: {
          ...stored(deploy([web('app:1')])).metadata,
          managedFields: [
            {
              manager: 'scaler',
              operation: 'Update',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:spec': { 'f:replicas': {} } },
            },
          ],
        },
      },
      ignoreDifferences: [{ group: '*', kind: '*', managedFieldsManagers: ['scaler'] }],
    },
    want: [],
  },
  {
    name: 'Secret: "" in Git and null live are the same value',
    input: { desired: secret({ k: '', j: 'eA==' }), live: stored(secret({ k: null, j: 'eA==' })) },
    want: [],
  },
  {
    name: 'Secret: "" in Git and absent live are the same value (server-side diff too)',
    input: {
      desired: secret({ k: '' }),
      live: stored(secret(undefined)),
      predictedLive: stored(secret(undefined)),
    },
    want: [],
  },
  {
    name: 'three-way: a field in last-applied that Git dropped is drift',
    input: {
      desired: crd({ color: 'blue' }),
      live: withLastApplied(
        stored(crd({ color: 'blue', shape: 'round' })),
        crd({ color: 'blue', shape: 'round' }),
      ),
    },
    want: ['spec.shape'],
  },
  {
    name: 'three-way: a field absent from both Git and last-applied is not drift',
    input: {
      desired: crd({ color: 'blue' }),
      live: withLastApplied(stored(crd({ color: 'blue', size: 1 })), crd({ color: 'blue' })),
    },
    want: [],
  },
  {
    name: 'three-way: an env item in last-applied that Git dropped is drift; a foreign one is not',
    input: {
      desired: deploy([web('app:1', 'A')]),
      live: withLastApplied(
        stored(deploy([web('app:1', 'A', 'OLD', 'INJECTED')])),
        deploy([web('app:1', 'A', 'OLD')]),
      ),
    },
    want: ['spec.template.spec.containers[name=web].env[name=OLD]'],
  },
  {
    name: 'status Git declares is compared for a Deployment (ignoreResourceStatusField crd)',
    input: {
      desired: { ...deploy([web('app:1')]), status: { note: 'x' } },
      live: stored(deploy([web('app:1')]), { note: 'y' }),
    },
    want: ['status.note'],
  },
  {
    name: 'status of a CustomResourceDefinition is ignored (ignoreResourceStatusField crd)',
    input: {
      desired: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'c' },
        status: { a: 1 },
      },
      live: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'c' },
        status: { a: 2 },
      },
    },
    want: [],
  },
  {
    name: 'ignoreResourceStatusField all: no status is compared',
    input: {
      desired: { ...deploy([web('app:1')]), status: { note: 'x' } },
      live: stored(deploy([web('app:1')]), { note: 'y' }),
      statusField: 'all',
    },
    want: [],
  },
];

for (const c of cases)
  test(c.name, () => {
    assert.deepEqual(compareResource(c.input).diffPaths, c.want);
  });

const aggregated = (rules: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'view-all' },
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] },
  rules,
});

test('ignoreAggregatedRoles: rules filled in by aggregation are drift only when the option is off', () => {
  const input = {
    desired: aggregated([]),
    live: aggregated([{ verbs: ['get'], resources: ['pods'], apiGroups: [''] }]),
  };
  assert.deepEqual(
    compareResource({ ...input, predictedLive: input.live, ignoreAggregatedRoles: true }).diffPaths,
    [],
  );
  assert.deepEqual(compareResource({ ...input, predictedLive: { ...input.live, rules: [] } }).diffPaths, [
    'rules',
  ]);
});

test('predictionEqualsLive: server metadata and status aside, or not', () => {
  const desired = deploy([web('app:1')]);
  const live = stored(desired, { replicas: 1 });
  assert.equal(
    predictionEqualsLive(
      { ...stored(desired, { replicas: 0 }), metadata: { ...live.metadata, resourceVersion: '43' } },
      live,
      desired,
    ),
    true,
  );
  assert.equal(predictionEqualsLive(stored(deploy([web('app:2')])), live, desired), false);
});

test('desiredHash: equal objects and variant agree; any change of either differs', () => {
  const a = deploy([web('app:1')]);
  assert.equal(desiredHash(a, 'driftless/Strict'), desiredHash(structuredClone(a), 'driftless/Strict'));
  assert.notEqual(desiredHash(a, 'driftless/Strict'), desiredHash(a, 'driftless/Ignore'));
  assert.notEqual(
    desiredHash(a, 'driftless/Strict'),
    desiredHash(deploy([web('app:2')]), 'driftless/Strict'),
  );
});
