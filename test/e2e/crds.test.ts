// `driftless server` on a cluster without Driftless's CRDs, and on one with an older Application CRD
// (Argo CD's, without the status subresource): it changes no CRD, stops with which CRD and what to run;
// with --install-crds it installs them. A cluster of its own: CRDs are cluster-wide, the shared one has them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomSuffix } from './support/cluster.js';
import { crdsEstablished, kubectl, kubectlJson, kubectlOk } from './support/kubectl.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { removeSpoke, startSpoke, type Spoke } from './support/spokes.js';

const run = randomSuffix();
const NS = `crds-${run}`;
const CRDS = ['applications.argoproj.io', 'appprojects.argoproj.io', 'applicationsets.argoproj.io'];
let cluster: Spoke;
const processes: ServerProcess[] = [];

before(async () => {
  cluster = await startSpoke(`crds-${run}`);
});
after(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  if (cluster) await removeSpoke(cluster);
});

interface Crd {
  metadata: { resourceVersion: string; managedFields?: { manager?: string }[] };
  spec: { versions: { name: string; subresources?: { status?: object } }[] };
}

const installed = async (): Promise<string[]> =>
  (await kubectlOk(['get', 'crd', '-o', 'name'], { kubeconfig: cluster.kubeconfig }))
    .split('\n')
    .map((l) => l.replace('customresourcedefinition.apiextensions.k8s.io/', ''))
    .filter((n) => n.endsWith('.argoproj.io'));

/** Starts the server on the test's cluster; the failure message (its output) when it exits instead. */
async function start(extraArgs: string[]): Promise<string | undefined> {
  return startServerProcess({ namespace: NS, kubeconfig: cluster.kubeconfig, extraArgs }).then(
    (p) => {
      processes.push(p);
      return undefined;
    },
    (e: unknown) => (e as Error).message,
  );
}

function assertActionable(failure: string): void {
  assert.match(failure, /driftless server exited/);
  assert.match(failure, /the argoproj\.io CRDs in the cluster cannot serve Driftless/);
  assert.match(failure, /kubectl apply --server-side -f deploy\/crds\//, 'what to run');
  assert.match(failure, /--install-crds/, 'or the explicit flag');
  assert.doesNotMatch(failure, /\n\s+at /, 'no stack trace');
}

test('without the CRDs the server installs nothing, and stops naming each missing CRD and what to run', async () => {
  assert.deepEqual(await installed(), [], 'a fresh cluster has no argoproj.io CRDs');
  const failure = await start(['--insecure']);
  assert.ok(failure, 'the server must not start without its CRDs');
  assertActionable(failure);
  for (const name of CRDS)
    assert.match(failure, new RegExp(`${name.replaceAll('.', '\\.')} is not installed`));
  assert.deepEqual(await installed(), [], 'nothing was applied');
});

test('an older Application CRD without the status subresource is named and left as it was', async () => {
  // Argo CD's Application CRD as older installs ship it: v1alpha1 served, no status subresource.
  const older = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'applications.argoproj.io' },
    spec: {
      group: 'argoproj.io',
      names: {
        kind: 'Application',
        listKind: 'ApplicationList',
        plural: 'applications',
        singular: 'application',
        shortNames: ['app', 'apps'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
  await kubectlOk(['apply', '--server-side', '--field-manager=argocd-install', '-f', '-'], {
    input: JSON.stringify(older),
    kubeconfig: cluster.kubeconfig,
  });
  await crdsEstablished(['applications.argoproj.io'], { kubeconfig: cluster.kubeconfig, timeoutMs: 120_000 });
  const before = await kubectlJson<Crd>(['get', 'crd', 'applications.argoproj.io'], cluster.kubeconfig);
  const failure = await start(['--insecure']);
  assert.ok(failure, 'the server must not start on an incompatible Application CRD');
  assertActionable(failure);
  assert.match(failure, /applications\.argoproj\.io v1alpha1 has no status subresource/);
  assert.match(failure, /appprojects\.argoproj\.io is not installed/);
  const afterStart = await kubectlJson<Crd>(['get', 'crd', 'applications.argoproj.io'], cluster.kubeconfig);
  assert.equal(
    afterStart.metadata.resourceVersion,
    before.metadata.resourceVersion,
    'the CRD was not written',
  );
  assert.ok(!(afterStart.metadata.managedFields ?? []).some((f) => f.manager === 'driftless'));
});

test('--install-crds installs them (taking over the older one); a later start without it finds them', async () => {
  assert.equal(await start(['--insecure', '--install-crds']), undefined, 'starts with the explicit flag');
  assert.deepEqual((await installed()).sort(), [...CRDS].sort());
  const app = await kubectlJson<Crd>(['get', 'crd', 'applications.argoproj.io'], cluster.kubeconfig);
  assert.ok(app.spec.versions.find((v) => v.name === 'v1alpha1')?.subresources?.status, 'status subresource');
  // The default project the server creates is there: the CRDs serve.
  const project = await kubectl(['-n', NS, 'get', 'appprojects.argoproj.io', 'default'], {
    kubeconfig: cluster.kubeconfig,
  });
  assert.equal(project.code, 0, project.stderr);
  await processes.pop()?.stop();
  assert.equal(await start(['--insecure']), undefined, 'the check passes on the installed CRDs');
  await processes.pop()?.stop();
});
