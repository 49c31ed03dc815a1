// Server-side diff on a real control plane, through the composition root: another manager's env item is
// not drift (and survives a sync), a field Driftless owns changed live is drift that self-heal reverts,
// HPA-managed replicas with ignoreDifferences and a CRD default are Synced; ServerSideDiff=false compares
// by normalizing, and a dry run the server refuses falls back to it and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../src/server/api-client.js';
import type { Application } from '../../src/model/index.js';
import { randomSuffix, waitFor } from './support/cluster.js';
import {
  applicationYaml,
  getApp,
  jsonpath,
  startController,
  synced,
  waitForApp,
  type RunningController,
} from './support/controller.js';
import { crdsEstablished, kubectl, kubectlOk } from './support/kubectl.js';
import { deployment } from './support/manifests.js';
import { ControllerSuite, operationDone } from './support/suite.js';

const suite = new ControllerSuite('ssd');
const { NS, repo, app, destNs } = suite;
const group = `ssd${randomSuffix()}.example.com`;
let running: RunningController;
let api: ApiClient;

const deploymentWithEnv = (name: string) =>
  deployment(name, {}, '', { extra: '        env:\n        - {name: MODE, value: git}\n' });

/** A Gadget CRD whose schema defaults spec.size: the API server fills it in on every write. */
const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `gadgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { color: { type: 'string' }, size: { type: 'integer', default: 3 } },
              },
            },
          },
        },
      },
    ],
  },
};

before(async () => {
  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(gadgetCrd) });
  await crdsEstablished([`gadgets.${group}`]);
  running = await startController({ namespace: NS });
  api = new ApiClient(running.url);
  await api.login('admin', await running.server.initialAdminPassword());
});
after(async () => {
  await suite.teardown(running);
  await kubectl(['delete', 'crd', `gadgets.${group}`, '--wait=false']);
});

async function createApp(name: string, path: string, dest: string, spec: Record<string, unknown> = {}) {
  const doc = applicationYaml({ name, namespace: NS, repoURL: repo.url, path, destNamespace: dest, spec });
  await kubectlOk(['apply', '-f', '-'], { input: doc });
  // The API reads the controller's cache: wait until it has seen the new app.
  await waitFor(() => api.getApplication(name).then(() => true), { what: `app ${name} in the API` });
}

async function syncAndWait(name: string): Promise<Application> {
  const before = (await getApp(NS, name)).status?.operationState?.startedAt;
  await api.syncApplication(name);
  return waitForApp(
    NS,
    name,
    'the sync finished',
    (a) => operationDone(a) && a.status?.operationState?.startedAt !== before,
    90_000,
  );
}

/** Requests a normal refresh and waits until the controller has done it (it clears the annotation). */
async function refresh(name: string): Promise<Application> {
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    name,
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  return waitForApp(
    NS,
    name,
    'the refresh was done',
    (a) => a.metadata.annotations?.['argocd.argoproj.io/refresh'] === undefined,
  );
}

/** A one-Deployment app at `path`, synced and Synced. */
async function syncedDeployment(name: string, path: string, dest: string): Promise<void> {
  repo.write({ [`${path}/deploy.yaml`]: deploymentWithEnv('web') }).commit(`web at ${path}`);
  await createApp(name, path, dest);
  await syncAndWait(name);
  await waitForApp(NS, name, 'Synced', synced);
}

/** `kubectl set image`, a change to a field Driftless owns; waits until the app sees the drift. */
async function editImage(name: string, dest: string): Promise<void> {
  await kubectlOk(['-n', dest, 'set', 'image', 'deployment/web', 'web=nginx:1.28']);
  await waitForApp(
    NS,
    name,
    'OutOfSync after the image was edited',
    (a) => a.status?.sync?.status === 'OutOfSync',
  );
}

const modifiedPaths = async (name: string) =>
  (await api.managedResources(name)).items.filter((i) => i.modified).map((i) => `${i.kind}/${i.name}`);

test("another manager's env item is not drift: Synced after sync, and for 3 refreshes", async () => {
  const name = app('inject');
  const dest = destNs('ssd-inject');
  repo.write({ 'inject/deploy.yaml': deploymentWithEnv('web') }).commit('web with env');
  await createApp(name, 'inject', dest);
  assert.equal((await syncAndWait(name)).status?.operationState?.phase, 'Succeeded');
  await waitForApp(NS, name, 'Synced after the first sync', synced);

  // What a mutating webhook or a service mesh does: an extra list item under another field manager.
  const patch = {
    spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'INJECTED', value: '1' }] }] } } },
  };
  await kubectlOk([
    '-n',
    dest,
    'patch',
    'deployment',
    'web',
    '--field-manager=injector',
    '-p',
    JSON.stringify(patch),
  ]);
  const envNames = async () =>
    (
      await jsonpath(
        ['-n', dest, 'get', 'deployment', 'web'],
        '{.spec.template.spec.containers[0].env[*].name}',
      )
    )
      .split(' ')
      .sort()
      .join(' ');
  assert.equal(await envNames(), 'INJECTED MODE');

  const synced1 = await syncAndWait(name);
  assert.equal(synced1.status?.operationState?.phase, 'Succeeded', synced1.status?.operationState?.message);
  for (let i = 0; i < 3; i++) {
    const a = await refresh(name);
    assert.equal(
      a.status?.sync?.status,
      'Synced',
      `refresh ${i + 1}: ${JSON.stringify(a.status?.resources)}`,
    );
    assert.deepEqual(a.status?.conditions?.filter((c) => c.type === 'ServerSideDiffWarning') ?? [], []);
  }
  assert.equal(await envNames(), 'INJECTED MODE', "our apply leaves another manager's item alone");
  assert.deepEqual(await modifiedPaths(name), [], 'app diff agrees with the status');
});

test('a field Driftless owns changed live is drift, and self-heal reverts it', async () => {
  const name = app('edit');
  const dest = destNs('ssd-edit');
  await syncedDeployment(name, 'edit', dest);
  await editImage(name, dest);
  const diff = (await api.managedResources(name)).items.find((i) => i.kind === 'Deployment');
  assert.match(diff?.diff ?? '', /nginx:1\.28/);
  assert.match(diff?.diff ?? '', /nginx:1\.27/);

  await kubectlOk([
    '-n',
    NS,
    'patch',
    'applications.argoproj.io',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { syncPolicy: { automated: { selfHeal: true } } } }),
  ]);
  await waitForApp(NS, name, 'Synced again after self-heal', synced, 90_000);
  const image = await jsonpath(
    ['-n', dest, 'get', 'deployment', 'web'],
    '{.spec.template.spec.containers[0].image}',
  );
  assert.equal(image, 'nginx:1.27');
});

test('replicas set by an HPA, ignored by ignoreDifferences, are not drift', async () => {
  const name = app('hpa');
  const dest = destNs('ssd-hpa');
  const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`;
  repo.write({ 'hpa/deploy.yaml': deploymentWithEnv('web'), 'hpa/hpa.yaml': hpa }).commit('web with an HPA');
  await createApp(name, 'hpa', dest, {
    ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
  });
  await syncAndWait(name);
  // Below minReplicas the HPA controller scales up even without metrics.
  await kubectlOk([
    '-n',
    dest,
    'wait',
    'deployment/web',
    '--for=jsonpath={.spec.replicas}=2',
    '--timeout=90s',
  ]);
  const a = await refresh(name);
  assert.equal(a.status?.sync?.status, 'Synced', JSON.stringify(a.status?.resources));
});

test('a CRD default filled in by the API server is not drift', async () => {
  const name = app('crd');
  const dest = destNs('ssd-crd');
  repo
    .write({
      'crd/gadget.yaml': `apiVersion: ${group}/v1\nkind: Gadget\nmetadata:\n  name: g\nspec:\n  color: blue\n`,
    })
    .commit('a gadget');
  await createApp(name, 'crd', dest);
  await syncAndWait(name);
  assert.equal(await jsonpath(['-n', dest, 'get', `gadgets.${group}`, 'g'], '{.spec.size}'), '3');
  const a = await refresh(name);
  assert.equal(a.status?.sync?.status, 'Synced', JSON.stringify(a.status?.resources));
  assert.deepEqual(a.status?.conditions?.filter((c) => c.type === 'ServerSideDiffWarning') ?? [], []);
});

test('ServerSideDiff=false compares by normalizing; a refused dry run falls back and says so', async () => {
  const name = app('legacy');
  const dest = destNs('ssd-legacy');
  await syncedDeployment(name, 'legacy', dest);
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    name,
    'argocd.argoproj.io/compare-options=ServerSideDiff=false',
  ]);
  await editImage(name, dest);

  // Git now has a field the server refuses (strict validation): the dry run fails, the comparison falls back.
  repo
    .write({
      'legacy/deploy.yaml': deploymentWithEnv('web').replace('replicas: 1', 'replicas: 1\n  bogusField: 1'),
    })
    .commit('an unknown field');
  await kubectlOk([
    '-n',
    NS,
    'annotate',
    'applications.argoproj.io',
    name,
    'argocd.argoproj.io/compare-options-',
    'argocd.argoproj.io/refresh=normal',
    '--overwrite',
  ]);
  const a = await waitForApp(NS, name, 'a ServerSideDiffWarning', (x) =>
    (x.status?.conditions ?? []).some((c) => c.type === 'ServerSideDiffWarning'),
  );
  const warning = a.status?.conditions?.find((c) => c.type === 'ServerSideDiffWarning')?.message ?? '';
  assert.match(warning, /Deployment\.apps \S+\/web: the server-side dry run was refused/);
  assert.match(warning, /bogusField/);
  assert.equal(a.status?.sync?.status, 'OutOfSync');
});
