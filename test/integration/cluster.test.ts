// The local control plane is real: workloads run, CRDs work, namespaces delete, clusters are separate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { clusterDown, clusterStatus, clusterUp } from '../../src/localcluster/index.js';
import { e2eKubeconfig, randomSuffix, waitFor } from '../e2e/support/cluster.js';
import { crdsEstablished, kubectl, kubectlJson, kubectlOk, kubectlStream } from '../e2e/support/kubectl.js';
import { widgetCrd } from '../e2e/support/fixtures.js';

const ns = `cluster-${randomSuffix()}`;
after(async () => {
  await kubectl(['delete', 'namespace', ns, '--wait=false']);
});

test('a Deployment with 3 replicas becomes Available with 3 Running Pods', async () => {
  await kubectlOk(['create', 'namespace', ns]);
  await waitFor(async () => (await kubectl(['-n', ns, 'get', 'serviceaccount', 'default'])).code === 0, {
    what: 'the default ServiceAccount in the new namespace',
  });
  await kubectlOk(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3']);
  await kubectlOk(['-n', ns, 'wait', '--for=condition=Available', 'deployment/web', '--timeout=120s']);
  const pods = await waitFor(
    async () => {
      const list = await kubectlJson<{ items: { status: { phase: string } }[] }>([
        '-n',
        ns,
        'get',
        'pods',
        '-l',
        'app=web',
      ]);
      const running = list.items.filter((p) => p.status.phase === 'Running');
      return running.length === 3 ? running : undefined;
    },
    { what: '3 Running pods', timeoutMs: 60_000 },
  );
  assert.equal(pods.length, 3);
});

test('a CRD becomes Established and a custom resource of it can be created and watched', async () => {
  const group = `e2e${randomSuffix()}.driftless.dev`;
  const crd = widgetCrd(group);

  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(crd) });
  try {
    await crdsEstablished([`widgets.${group}`]);
    await waitFor(async () => (await kubectl(['-n', ns, 'get', `widgets.${group}`])).code === 0, {
      what: 'the Widget API to be served',
    });
    const watcher = kubectlStream(['-n', ns, 'get', `widgets.${group}`, '--watch', '-o', 'name']);
    let seen = '';
    watcher.stdout?.on('data', (b: Buffer) => (seen += b.toString()));
    try {
      const cr = {
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        metadata: { name: 'w1', namespace: ns },
        spec: { size: 3 },
      };
      await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(cr) });
      await waitFor(async () => seen.includes('w1'), {
        what: 'the watch to report widget w1',
        timeoutMs: 30_000,
      });
      const got = await kubectlJson<{ spec: { size: number } }>(['-n', ns, 'get', `widgets.${group}`, 'w1']);
      assert.equal(got.spec.size, 3);
    } finally {
      watcher.kill();
    }
  } finally {
    await kubectl(['delete', 'crd', `widgets.${group}`, '--wait=false']);
  }
});

test('a namespace deletion completes', async () => {
  const victim = `gone-${randomSuffix()}`;
  await kubectlOk(['create', 'namespace', victim]);
  await kubectlOk(['-n', victim, 'create', 'configmap', 'c', '--from-literal=a=b']);
  await kubectlOk(['delete', 'namespace', victim, '--wait=false']);
  await waitFor(async () => (await kubectl(['get', 'namespace', victim])).code !== 0, {
    what: `namespace ${victim} to be gone`,
    timeoutMs: 90_000,
  });
});

test('two named clusters run at the same time with separate state', async () => {
  const second = `e2e-second-${process.pid}`;
  try {
    const s2 = await clusterUp({ name: second });
    assert.equal(s2.state, 'running');
    const first = process.env.DRIFTLESS_E2E_CLUSTER;
    if (first) {
      const s1 = await clusterStatus(first);
      assert.equal(s1.state, 'running');
      assert.notEqual(s1.server, s2.server);
    }
    const only = `only-in-second-${randomSuffix()}`;
    await kubectlOk(['create', 'namespace', only], { kubeconfig: s2.kubeconfig });
    assert.equal((await kubectl(['get', 'namespace', only], { kubeconfig: s2.kubeconfig })).code, 0);
    assert.notEqual((await kubectl(['get', 'namespace', only], { kubeconfig: e2eKubeconfig() })).code, 0);
    // up is idempotent: a second call returns the same running cluster
    const again = await clusterUp({ name: second });
    assert.equal(again.server, s2.server);
  } finally {
    await clusterDown(second, { purge: true });
  }
  assert.equal((await clusterStatus(second)).state, 'stopped');
});
