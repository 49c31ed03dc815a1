// Guardrails through driftless server: a project with driftless.io/guardrails refuses a plaintext Secret and
// nginx:latest in the pre-flight, names both in conditions and the operation, and applies nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlOk } from './support/kubectl.js';
import { ControllerSuite, operationDone } from './support/suite.js';
import { exists, startController, waitForApp } from './support/controller.js';
import type { RunningController } from './support/controller.js';

const suite = new ControllerSuite('grd');
const { NS, repo, app, destNs } = suite;
let running: RunningController;

before(async () => {
  await kubectlOk(['create', 'namespace', NS]);
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

test('a protected project refuses a plaintext Secret and nginx:latest before anything is applied', async () => {
  const name = app('guarded');
  const dest = destNs('grd');
  await suite.createProject('protected', { 'driftless.io/guardrails': 'plaintext-secrets,mutable-images' });
  repo
    .write({
      'guarded/secret.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2}\n',
      'guarded/web.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: web, image: "nginx:latest"}]}',
      ].join('\n'),
      'guarded/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n',
    })
    .commit('a plaintext secret and a mutable image');
  await suite.createApp(name, 'guarded', dest, {
    automated: {},
    retry: { limit: 0 },
    spec: { project: 'protected' },
  });

  const a = await waitForApp(
    NS,
    name,
    'the automated sync failed in the pre-flight',
    (x) => operationDone(x) && x.status?.operationState?.phase === 'Failed',
  );
  const message = a.status?.operationState?.message ?? '';
  assert.match(message, /^pre-flight failed, nothing was applied: /);
  assert.match(message, /Secret .*db is a plaintext Secret from Git/);
  assert.match(message, /image nginx:latest uses the moving tag "latest"/);
  assert.doesNotMatch(JSON.stringify(a), /hunter2/);
  const violations = (a.status?.conditions ?? [])
    .filter((c) => c.type === 'GuardrailViolation')
    .map((c) => c.message);
  assert.equal(violations.length, 2, JSON.stringify(violations));
  assert.ok(violations.some((m) => m.includes(`Secret ${dest}/db`)));
  assert.ok(violations.some((m) => m.includes(`Deployment ${dest}/web: image nginx:latest`)));
  for (const obj of ['secret/db', 'deployment/web', 'configmap/settings'])
    assert.equal(await exists(['-n', dest, obj]), false, `${obj} must not exist`);

  // Pinned image, Secret gone: the same project syncs it.
  repo
    .remove('guarded/secret.yaml')
    .write({
      'guarded/web.yaml': repo.git('show', 'HEAD:guarded/web.yaml').replace('nginx:latest', 'nginx:1.27.0'),
    })
    .commit('pin and drop the secret');
  await waitForApp(
    NS,
    name,
    'synced after the fix, no violation',
    (x) =>
      x.status?.sync?.status === 'Synced' &&
      !(x.status?.conditions ?? []).some((c) => c.type === 'GuardrailViolation'),
    120_000,
  );
  assert.equal(await exists(['-n', dest, 'deployment/web']), true);
});
