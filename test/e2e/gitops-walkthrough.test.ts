// The seed walkthrough, for real: an Argo CD Application manifest, unchanged, converges the cluster to
// Git and keeps it there (new commits, reverts, manual drift, removed files, broken commits).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomSuffix, waitFor } from './support/cluster.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { TestRepo } from './support/git-repo.js';
import {
  applicationYaml,
  exists,
  healthy,
  jsonpath,
  startController,
  synced,
  waitForApp,
  type RunningController,
} from './support/controller.js';

const CONTROL_NS = 'argocd';
const app = `nginx-${randomSuffix()}`;
const dest = `web-${randomSuffix()}`;
const repo = new TestRepo();
let running: RunningController;

function deployment(replicas: number, image = 'nginx:1.27'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;
}
const service = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector: {app: nginx}
  ports:
  - port: 80
    targetPort: 80
`;
const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: hello
`;

const replicas = () => jsonpath(['-n', dest, 'get', 'deployment', 'nginx'], '{.spec.replicas}');

before(async () => {
  repo
    .write({
      'nginx/deployment.yaml': deployment(2),
      'nginx/service.yaml': service,
      'nginx/configmap.yaml': configMap,
    })
    .commit('nginx, 2 replicas');
  running = await startController({ namespace: CONTROL_NS });
});
after(async () => {
  await kubectl(['-n', CONTROL_NS, 'delete', 'application', app, '--wait=false']);
  await running.stop();
  await kubectl(['delete', 'namespace', dest, '--wait=false']);
  repo.cleanup();
});

test('an Argo CD Application manifest, applied unchanged, becomes Synced and Healthy', async () => {
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name: app,
      namespace: CONTROL_NS,
      repoURL: repo.url,
      path: 'nginx',
      destNamespace: dest,
      automated: { prune: true, selfHeal: true },
    }),
  });
  const a = await waitForApp(CONTROL_NS, app, 'Synced and Healthy', (x) => synced(x) && healthy(x), 120_000);
  assert.equal(a.status?.sync?.revision, repo.head());
  assert.equal(await replicas(), '2');
  assert.deepEqual(a.status?.summary?.images, ['nginx:1.27']);
  assert.equal(a.status?.history?.length, 1);
  assert.equal(a.status?.resources?.length, 3);
  const tracking = await jsonpath(
    ['-n', dest, 'get', 'deployment', 'nginx'],
    "{.metadata.annotations['argocd\\.argoproj\\.io/tracking-id']}",
  );
  assert.equal(tracking, `${app}:apps/Deployment:${dest}/nginx`);
});

let scaleCommit = '';
test('a commit changing replicas 2 → 4 is applied without any manual step', async () => {
  scaleCommit = repo.write({ 'nginx/deployment.yaml': deployment(4) }).commit('scale to 4');
  await waitFor(async () => (await replicas()) === '4', { what: 'replicas 4', timeoutMs: 60_000 });
  await waitForApp(
    CONTROL_NS,
    app,
    `synced to ${scaleCommit.slice(0, 7)}`,
    (a) => synced(a) && a.status?.sync?.revision === scaleCommit,
  );
});

test('git revert of that commit brings replicas back to 2', async () => {
  const reverted = repo.revert(scaleCommit);
  await waitFor(async () => (await replicas()) === '2', { what: 'replicas back to 2', timeoutMs: 60_000 });
  const a = await waitForApp(
    CONTROL_NS,
    app,
    'synced to the revert',
    (x) => synced(x) && x.status?.sync?.revision === reverted,
  );
  assert.ok((a.status?.history?.length ?? 0) >= 3, 'each deployment is in the history');
});

test('kubectl scale of a Git-declared field is reverted by self-heal', async () => {
  await kubectlOk(['-n', dest, 'scale', 'deployment', 'nginx', '--replicas=7']);
  await waitFor(async () => (await replicas()) === '2', {
    what: 'self-heal to restore replicas 2',
    timeoutMs: 30_000,
  });
});

test('kubectl set image (an edit of a Git-declared field) is reverted by self-heal', async () => {
  await kubectlOk(['-n', dest, 'set', 'image', 'deployment/nginx', 'nginx=nginx:1.20']);
  await waitFor(
    async () =>
      (await jsonpath(
        ['-n', dest, 'get', 'deployment', 'nginx'],
        '{.spec.template.spec.containers[0].image}',
      )) === 'nginx:1.27',
    { what: 'self-heal to restore the image', timeoutMs: 30_000 },
  );
});

test('a file removed from Git has its resource pruned', async () => {
  repo.remove('nginx/configmap.yaml').commit('drop the configmap');
  await waitFor(async () => !(await exists(['-n', dest, 'configmap', 'settings'])), {
    what: 'configmap pruned',
    timeoutMs: 60_000,
  });
  const a = await waitForApp(
    CONTROL_NS,
    app,
    'synced after prune',
    (x) => synced(x) && x.status?.sync?.revision === repo.head(),
  );
  assert.equal(a.status?.resources?.length, 2);
});

test('a broken YAML commit sets ComparisonError and deletes nothing; fixing it syncs again', async () => {
  const broken = repo
    .write({ 'nginx/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: [unclosed\n' })
    .commit('oops');
  const a = await waitForApp(CONTROL_NS, app, 'ComparisonError', (x) =>
    (x.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
  );
  const cond = a.status?.conditions?.find((c) => c.type === 'ComparisonError');
  assert.match(cond?.message ?? '', /deployment\.yaml/, 'the error names the file');
  assert.notEqual(a.status?.sync?.revision, broken);
  // Nothing was deleted: the resources from the last good commit are all there.
  assert.ok(await exists(['-n', dest, 'deployment', 'nginx']));
  assert.ok(await exists(['-n', dest, 'service', 'nginx']));
  const fixed = repo.write({ 'nginx/deployment.yaml': deployment(3) }).commit('fix');
  await waitForApp(
    CONTROL_NS,
    app,
    'synced after the fix',
    (x) =>
      synced(x) &&
      x.status?.sync?.revision === fixed &&
      !(x.status?.conditions ?? []).some((c) => c.type === 'ComparisonError'),
  );
  await waitFor(async () => (await replicas()) === '3', { what: 'replicas 3 after the fix' });
});
