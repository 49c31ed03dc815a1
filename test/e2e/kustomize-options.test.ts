// Kustomize as Argo CD runs it, through the product: Application kustomize options replace the
// kustomization's own prefix and namespace (`kustomize edit`), the synced objects carry Argo CD's
// names, and argocd-cm kustomize.buildOptions reach `kustomize build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { testdataDir } from '../../src/render/testing/fixture-repo.js';
import {
  applicationYaml,
  exists,
  startController,
  synced,
  waitForApp,
  type RunningController,
} from './support/controller.js';
import { kubectlOk } from './support/kubectl.js';
import { ControllerSuite } from './support/suite.js';

const suite = new ControllerSuite('ko');
const { NS, repo, app, destNs } = suite;
let running: RunningController;

before(async () => {
  cpSync(join(testdataDir(), 'kustomize-options'), join(repo.dir, 'kustomize-options'), { recursive: true });
  repo.commit('kustomize fixtures');
  running = await startController({ namespace: NS });
});
after(() => suite.teardown(running));

test('kustomize options on the Application render and sync the names Argo CD gives', async () => {
  const dest = destNs('guestbook');
  const name = app('guestbook');
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name,
      namespace: NS,
      repoURL: repo.url,
      path: 'kustomize-options/guestbook',
      destNamespace: dest,
      automated: { prune: true },
      extraSource: {
        kustomize: {
          namePrefix: 'opt-',
          namespace: dest,
          images: ['gcr.io/heptio-images/ks-guestbook-demo:0.3'],
          commonLabels: { team: 'payments' },
          forceCommonLabels: true,
        },
      },
    }),
  });
  const a = await waitForApp(NS, name, 'Synced', synced, 180_000);
  assert.equal(a.status?.sourceType, 'Kustomize');
  // The kustomization's own `namePrefix: kustomize-` and `namespace: guestbook-old` are replaced.
  assert.deepEqual(
    (a.status?.resources ?? []).map((r) => `${r.kind} ${r.namespace ?? ''}/${r.name}`).sort(),
    [`Deployment ${dest}/opt-guestbook-ui-v1`, `Service ${dest}/opt-guestbook-ui-v1`],
  );
  assert.ok(await exists(['-n', dest, 'deployment', 'opt-guestbook-ui-v1']));
  assert.ok(!(await exists(['-n', dest, 'deployment', 'opt-kustomize-guestbook-ui-v1'])));
  assert.ok(a.status?.summary?.images?.includes('gcr.io/heptio-images/ks-guestbook-demo:0.3'));
  const team = await kubectlOk([
    '-n',
    dest,
    'get',
    'deployment',
    'opt-guestbook-ui-v1',
    '-o',
    'jsonpath={.metadata.labels.team}',
  ]);
  assert.equal(team.trim(), 'payments');
});

test('argocd-cm kustomize.buildOptions reach kustomize build', async () => {
  const dest = destNs('outside');
  const name = app('outside-root');
  await kubectlOk(['apply', '-f', '-'], {
    input: applicationYaml({
      name,
      namespace: NS,
      repoURL: repo.url,
      path: 'kustomize-options/outside-root',
      destNamespace: dest,
      automated: { prune: true },
    }),
  });
  // Without the option kustomize refuses the file above the kustomization's folder.
  const refused = await waitForApp(
    NS,
    name,
    'a ComparisonError',
    (x) =>
      (x.status?.conditions ?? []).some(
        (c) => c.type === 'ComparisonError' && /not in or below/.test(c.message),
      ),
    180_000,
  );
  assert.notEqual(refused.status?.sync?.status, 'Synced');
  await kubectlOk(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: NS },
      data: { 'kustomize.buildOptions': '--load-restrictor LoadRestrictionsNone' },
    }),
  });
  await waitForApp(NS, name, 'Synced', synced, 180_000);
  assert.ok(await exists(['-n', dest, 'configmap', 'shared-settings']));
});
