// CRDs: ensureCrds waits for Established; the cache starts watching the new kind on demand and sees a CR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CRD_RESOURCE, ensureCrds } from '../../src/kube/crds.js';
import { LiveCache } from '../../src/kube/live-cache.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { kubeFixture, type KubeFixture } from './kube-helpers.js';
import { randomSuffix, waitFor } from '../e2e/support/cluster.js';

let f: KubeFixture;
let cache: LiveCache;
const group = `e2e${randomSuffix()}.driftless.test`;
const crdName = `widgets.${group}`;

function widgetCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

before(async () => {
  f = await kubeFixture('kube-crds');
  // Started before the CRD exists, and limited to ConfigMaps, so the Widget type must be added on demand.
  cache = new LiveCache({
    client: f.client,
    discovery: f.discovery,
    include: [{ group: '', kind: 'ConfigMap' }],
  });
  await cache.start();
  await cache.synced();
});
after(async () => {
  await cache?.stop();
  await f?.client.delete(CRD_RESOURCE, crdName).catch(() => undefined);
  await f?.cleanup();
});

test('ensureCrds applies and waits until Established; a CR shows up in the cache', async () => {
  const [crd] = await ensureCrds(f.client, [widgetCrd()], { discovery: f.discovery, timeoutMs: 30_000 });
  const conditions = (crd?.status as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  assert.ok(conditions.some((c) => c.type === 'Established' && c.status === 'True'));

  const widgets = await cache.ensureType(group, 'Widget');
  assert.equal(widgets.resource, 'widgets');
  const widget: KubeObject = {
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    metadata: { name: 'w1', namespace: f.ns },
    spec: { size: 3 },
  };
  await f.client.apply(widgets, widget, { fieldManager: 'driftless' });
  const key = { group, kind: 'Widget', namespace: f.ns, name: 'w1' };
  await waitFor(async () => cache.get(key), { timeoutMs: 20_000, what: 'the Widget in the cache' });

  // The status subresource: a patch there lands in the cache too.
  await f.client.patchStatus(widgets, 'w1', { status: { ready: true } }, { type: 'merge', namespace: f.ns });
  const withStatus = await waitFor(
    async () => (cache.get(key)?.status as { ready?: boolean } | undefined)?.ready,
    {
      timeoutMs: 20_000,
      what: 'the Widget status in the cache',
    },
  );
  assert.equal(withStatus, true);

  // Applying the same CRD again is idempotent and returns at once.
  const again = await ensureCrds(f.client, [widgetCrd()], { timeoutMs: 10_000 });
  assert.equal(again.length, 1);
});

test('ensureCrds rejects what is not a CRD', async () => {
  await assert.rejects(
    ensureCrds(f.client, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]),
    /not a CustomResourceDefinition/,
  );
});
