import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KubeObject, ResourceIgnoreDifferences } from '../model/index.js';
import { compareResource } from './compare-resource.js';

function deploy(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod', ...meta },
    spec,
  };
}
const pod = (containers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  replicas: 2,
  template: { spec: { containers, ...extra } },
});
const app = { name: 'app', image: 'app:1' };
const owns = (fieldsV1: unknown, manager = 'driftless'): Record<string, unknown> => ({
  managedFields: [{ manager, operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 }],
});

interface Case {
  name: string;
  desired: KubeObject;
  live?: KubeObject;
  predictedLive?: KubeObject;
  ignore?: ResourceIgnoreDifferences[];
  want: string[];
}

const cases: Case[] = [
  { name: 'identical', desired: deploy(pod([app])), live: deploy(pod([app])), want: [] },
  {
    name: 'extra live fields are defaults, not drift',
    desired: deploy(pod([app])),
    live: deploy(
      { ...pod([{ ...app, imagePullPolicy: 'IfNotPresent' }]), revisionHistoryLimit: 10 },
      { uid: 'u', resourceVersion: '9' },
    ),
    want: [],
  },
  {
    name: 'changed scalar',
    desired: deploy(pod([app])),
    live: deploy({ ...pod([app]), replicas: 3 }),
    want: ['spec.replicas'],
  },
  {
    name: 'containers matched by name, not index',
    desired: deploy(pod([app, { name: 'side', image: 's:1' }])),
    live: deploy(pod([{ name: 'side', image: 's:1' }, app])),
    want: [],
  },
  {
    name: 'container image drift is named by key',
    desired: deploy(pod([app])),
    live: deploy(pod([{ ...app, image: 'app:2' }])),
    want: ['spec.template.spec.containers[name=app].image'],
  },
  {
    // Argo CD: a merge-keyed list merges; another manager's item (a sidecar injector) is not drift.
    name: "another manager's extra container is not drift",
    desired: deploy(pod([app])),
    live: deploy(pod([app, { name: 'injected', image: 'i' }])),
    want: [],
  },
  {
    name: 'an extra container we own (removed from Git) is drift',
    desired: deploy(pod([app])),
    live: deploy(
      pod([app, { name: 'old', image: 'o' }]),
      owns({
        'f:spec': {
          'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"old"}': { '.': {}, 'f:name': {} } } } },
        },
      }),
    ),
    want: ['spec.template.spec.containers[name=old]'],
  },
  {
    name: 'quantities and int-or-string by value; empty = absent',
    desired: deploy(
      pod(
        [
          {
            ...app,
            resources: { limits: { cpu: '0.1', memory: '1Gi' } },
            ports: [{ containerPort: 80 }],
            env: [],
          },
        ],
        { volumes: null },
      ),
    ),
    live: deploy(
      pod([
        {
          ...app,
          resources: { limits: { cpu: '100m', memory: '1024Mi' } },
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ]),
    ),
    want: [],
  },
  {
    name: 'service targetPort 80 vs "80"',
    desired: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: 8080 }] },
    },
    live: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { clusterIP: '10.0.0.1', ports: [{ port: 80, targetPort: '8080', protocol: 'TCP' }] },
    },
    want: [],
  },
  {
    name: 'positional list of another length',
    desired: deploy(pod([{ ...app, args: ['a', 'b'] }])),
    live: deploy(pod([{ ...app, args: ['a'] }])),
    want: ['spec.template.spec.containers[name=app].args'],
  },
  {
    name: 'field owned by driftless but removed from Git',
    desired: deploy(pod([app])),
    live: deploy({ ...pod([app]), paused: true }, owns({ 'f:spec': { 'f:paused': {}, 'f:replicas': {} } })),
    want: ['spec.paused'],
  },
  {
    name: 'field set by another manager and absent from Git is not drift',
    desired: deploy(pod([app])),
    live: deploy({ ...pod([app]), paused: true }, owns({ 'f:spec': { 'f:paused': {} } }, 'kubectl')),
    want: [],
  },
  {
    name: 'removed container owned by driftless reported once',
    desired: deploy(pod([app])),
    live: deploy(
      pod([app, { name: 'old', image: 'o' }]),
      owns({
        'f:spec': {
          'f:template': {
            'f:spec': { 'f:containers': { 'k:{"name":"old"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      }),
    ),
    want: ['spec.template.spec.containers[name=old]'],
  },
  {
    name: 'ignoreDifferences jsonPointers and jq on both sides',
    desired: deploy(pod([app])),
    live: deploy({
      ...pod([
        { ...app, image: 'app:2' },
        { name: 'istio-proxy', image: 'p' },
      ]),
      replicas: 7,
    }),
    ignore: [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      {
        kind: '*',
        group: '*',
        jqPathExpressions: [
          '.spec.template.spec.containers[] | select(.name == "istio-proxy")',
          '.spec.template.spec.containers[].image',
        ],
      },
    ],
    want: [],
  },
  {
    name: 'ignoreDifferences for another name does not apply',
    desired: deploy(pod([app])),
    live: deploy({ ...pod([app]), replicas: 7 }),
    ignore: [{ group: 'apps', kind: 'Deployment', name: 'other', jsonPointers: ['/spec/replicas'] }],
    want: ['spec.replicas'],
  },
  {
    name: 'managedFieldsManagers: fields owned by the HPA are ignored',
    desired: deploy(pod([app])),
    live: deploy(
      { ...pod([app]), replicas: 5 },
      owns({ 'f:spec': { 'f:replicas': {} } }, 'kube-controller-manager'),
    ),
    ignore: [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] }],
    want: [],
  },
  {
    name: 'managedFieldsManagers: an injected container owned by the injector is ignored',
    desired: deploy(pod([app])),
    live: deploy(
      pod([app, { name: 'proxy', image: 'p' }]),
      owns(
        {
          'f:spec': {
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"proxy"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
        'injector',
      ),
    ),
    ignore: [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['injector'] }],
    want: [],
  },
  {
    name: 'predicted live is compared both ways',
    desired: deploy(pod([app])),
    predictedLive: deploy(
      { ...pod([app]), revisionHistoryLimit: 10 },
      { uid: 'u', resourceVersion: '2', generation: 3 },
    ),
    live: deploy(
      { ...pod([app]), revisionHistoryLimit: 10, paused: true },
      { uid: 'u', resourceVersion: '1', generation: 2 },
    ),
    want: ['spec.paused'],
  },
  {
    name: 'secret stringData equals data; values never in the result',
    desired: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { pw: 'hunter2', user: 'u' },
    },
    live: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { pw: Buffer.from('hunter2').toString('base64'), user: Buffer.from('v').toString('base64') },
    },
    want: ['data.user'],
  },
];

test('compareResource cases', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      const r = compareResource({
        desired: c.desired,
        live: c.live,
        predictedLive: c.predictedLive,
        ignoreDifferences: c.ignore,
        managedFieldsManager: 'driftless',
      });
      assert.deepEqual(r.diffPaths, c.want);
      assert.equal(r.modified, c.want.length > 0);
      assert.equal(r.reason === undefined, !r.modified);
      assert.deepEqual(r.warnings, []);
    });
  }
});

test('secret values never leak through the comparison result', () => {
  const c = cases.find((x) => x.name.startsWith('secret'));
  assert.ok(c);
  const text = JSON.stringify(compareResource({ desired: c.desired, live: c.live }));
  for (const leak of ['hunter2', 'aHVudGVyMg==', 'dg==']) assert.ok(!text.includes(leak), leak);
});

test('missing live object is modified', () => {
  const r = compareResource({ desired: deploy(pod([app])) });
  assert.equal(r.modified, true);
  assert.match(r.reason ?? '', /missing/);
  assert.equal(r.normalizedLive, undefined);
});

test('a bad jq rule warns instead of failing', () => {
  const r = compareResource({
    desired: deploy(pod([app])),
    live: deploy(pod([app])),
    ignoreDifferences: [{ kind: 'Deployment', group: 'apps', jqPathExpressions: ['.spec.replicas.x'] }],
  });
  assert.equal(r.modified, false);
  assert.equal(r.warnings.length, 2);
});

test('an object always equals itself (and its server-stamped copy)', () => {
  const obj = fc.record({ spec: fc.jsonValue(), data: fc.dictionary(fc.string(), fc.string()) });
  fc.assert(
    fc.property(obj, (o) => {
      const desired: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, ...o };
      const live: KubeObject = {
        ...structuredClone(desired),
        metadata: { name: 'x', uid: 'u', resourceVersion: '1' },
        status: { a: 1 },
      };
      assert.deepEqual(compareResource({ desired, live }).diffPaths, []);
      assert.deepEqual(compareResource({ desired, live, predictedLive: desired }).diffPaths, []);
    }),
  );
});
