// For API e2e tests: Driftless started through the composition root, logged in as admin with the initial password.
import type { Logger } from '../../src/common/log.js';
import { ApiClient } from '../../src/server/api-client.js';
import { waitFor } from './support/cluster.js';
import { startController, type RunningController } from './support/controller.js';
import { kubectl, kubectlOk } from './support/kubectl.js';

export interface RunningApi {
  running: RunningController;
  url: string;
  admin: ApiClient;
  adminPassword: string;
  stop(): Promise<void>;
}

/** Starts Driftless in `namespace`, which should be unique to the run (a fresh argocd-secret); deleted at stop. */
export async function startApi(opts: {
  namespace: string;
  pollIntervalMs?: number;
  uiDir?: string;
  log?: Logger;
}): Promise<RunningApi> {
  const running = await startController(opts);
  const url = running.url;
  await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, {
    what: 'API ready',
    timeoutMs: 30_000,
  });
  const adminPassword = await running.server.initialAdminPassword();
  const admin = new ApiClient(url);
  return {
    running,
    url,
    admin,
    adminPassword,
    stop: async () => {
      await running.stop();
      await kubectl(['delete', 'namespace', opts.namespace, '--wait=false']);
    },
  };
}

/** Applies a ConfigMap's data in the control namespace (argocd-cm, argocd-rbac-cm). */
export async function applyConfigMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
): Promise<void> {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
  await kubectlOk(['apply', '-f', '-'], { input: JSON.stringify(obj) });
}

/** Sets keys of argocd-secret (plain values; base64 here). */
export async function patchArgocdSecret(namespace: string, data: Record<string, string>): Promise<void> {
  const encoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) encoded[k] = Buffer.from(v).toString('base64');
  await kubectlOk([
    '-n',
    namespace,
    'patch',
    'secret',
    'argocd-secret',
    '--type',
    'merge',
    '-p',
    JSON.stringify({ data: encoded }),
  ]);
}

export function deploymentYaml(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
`;
}

export function appBody(name: string, repoURL: string, path: string, dest: string, targetRevision = 'HEAD') {
  return {
    apiVersion: 'argoproj.io/v1alpha1' as const,
    kind: 'Application' as const,
    metadata: { name },
    spec: {
      project: 'default',
      source: { repoURL, path, targetRevision },
      destination: { server: 'https://kubernetes.default.svc', namespace: dest },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
}
