// Benchmark: API latency and throughput with 1,000 apps, driven by bench/api-driver.ts from a second process.
// Needs a cluster: DRIFTLESS_E2E_KUBECONFIG=$(driftless local-cluster kubeconfig --name dev). Prints figures only.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APPLICATION_RESOURCE } from '../src/controller/context.js';
import { KubeClient } from '../src/kube/client.js';
import { loadKubeconfig } from '../src/kube/kubeconfig.js';
import { ApiClient } from '../src/server/api-client.js';
import { e2eKubeconfig } from '../test/e2e/support/cluster.js';
import { startController } from '../test/e2e/support/controller.js';
import { kubectl } from '../test/e2e/support/kubectl.js';

const APPS = Number(process.env.APPS ?? 1000);
const NS = 'bench-api';

await kubectl(['delete', 'namespace', NS, '--wait=true', '--timeout=120s']);
const running = await startController({ namespace: NS, pollIntervalMs: 3_600_000 });
const url = running.url;
const kube = new KubeClient(loadKubeconfig(e2eKubeconfig()));
const names = Array.from({ length: APPS }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
const t0 = Date.now();
for (let i = 0; i < names.length; i += 25) {
  await Promise.all(
    names.slice(i, i + 25).map((name) =>
      kube.create(APPLICATION_RESOURCE, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        // skip-reconcile: the figures are the API's, not the controller's rendering.
        metadata: {
          name,
          namespace: NS,
          annotations: { 'argocd.argoproj.io/skip-reconcile': 'true' },
          labels: { team: `t${i % 7}` },
        },
        spec: {
          project: 'default',
          source: { repoURL: 'https://example.invalid/repo.git', path: name, targetRevision: 'HEAD' },
          destination: { server: 'https://kubernetes.default.svc', namespace: name },
        },
      }),
    ),
  );
}
while ((await fetch(`${url}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
const client = new ApiClient(url);
await client.login('admin', await running.server.initialAdminPassword());
while ((await client.listApplications()).items.length < APPS) await new Promise((r) => setTimeout(r, 100));
console.log(`created ${APPS} apps in ${Date.now() - t0} ms (as listed by the API)`);

const driver = fork(
  fileURLToPath(new URL('./api-driver.js', import.meta.url)),
  [url, client.token ?? '', names.join(',')],
  {
    stdio: 'inherit',
  },
);
await new Promise((r) => driver.once('exit', r));
await running.stop();
kube.close();
await kubectl(['delete', 'namespace', NS, '--wait=false']);
