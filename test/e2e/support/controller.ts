// An in-process Driftless controller against the shared e2e cluster, in its own control namespace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentLogger } from '../../../src/common/log.js';
import { ApplicationController } from '../../../src/controller/app-controller.js';
import { KubeClient } from '../../../src/kube/client.js';
import { Discovery } from '../../../src/kube/discovery.js';
import { loadKubeconfig } from '../../../src/kube/kubeconfig.js';
import { RepoService } from '../../../src/render/index.js';
import type { Application } from '../../../src/model/index.js';
import { e2eKubeconfig, waitFor } from './cluster.js';
import { kubectl, kubectlJson, kubectlOk } from './kubectl.js';

export interface RunningController {
  controller: ApplicationController;
  namespace: string;
  client: KubeClient;
  stop(): Promise<void>;
}

export async function startController(opts: {
  namespace: string;
  pollIntervalMs?: number;
  installationID?: string;
}): Promise<RunningController> {
  const connection = loadKubeconfig(e2eKubeconfig());
  const client = new KubeClient(connection);
  const discovery = new Discovery(client);
  const pollIntervalMs = opts.pollIntervalMs ?? 2_000;
  const repo = new RepoService({
    cacheDir: mkdtempSync(join(tmpdir(), 'driftless-e2e-cache-')),
    revisionCacheTtlMs: pollIntervalMs / 2,
  });
  const log = process.env.DRIFTLESS_E2E_LOG
    ? createLogger({ level: 'debug' }).child({ ns: opts.namespace })
    : silentLogger;
  const controller = new ApplicationController({
    client,
    discovery,
    repo,
    log,
    config: {
      namespace: opts.namespace,
      pollIntervalMs,
      inClusterServer: connection.server,
      selfHealBackoff: { baseMs: 500, maxMs: 10_000 },
      ...(opts.installationID ? { installationID: opts.installationID } : {}),
    },
  });
  await controller.start();
  return {
    controller,
    namespace: opts.namespace,
    client,
    stop: async () => {
      await controller.stop();
      client.close();
    },
  };
}

export function applicationYaml(a: {
  name: string;
  namespace: string;
  repoURL: string;
  path: string;
  destNamespace: string;
  automated?: { prune?: boolean; selfHeal?: boolean } | undefined;
  syncOptions?: string[];
  finalizer?: string;
  extraSource?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: a.name, namespace: a.namespace, ...(a.finalizer ? { finalizers: [a.finalizer] } : {}) },
    spec: {
      project: 'default',
      source: { repoURL: a.repoURL, targetRevision: 'HEAD', path: a.path, ...a.extraSource },
      destination: { server: 'https://kubernetes.default.svc', namespace: a.destNamespace },
      syncPolicy: {
        ...(a.automated ? { automated: a.automated } : {}),
        syncOptions: a.syncOptions ?? ['CreateNamespace=true'],
      },
    },
  });
}

export async function getApp(ns: string, name: string): Promise<Application> {
  return kubectlJson<Application>(['-n', ns, 'get', 'applications.argoproj.io', name]);
}

/** Waits until the app's status satisfies `check`; the message names what was expected and what was seen. */
export async function waitForApp(
  ns: string,
  name: string,
  what: string,
  check: (a: Application) => boolean,
  timeoutMs = 60_000,
): Promise<Application> {
  let last: Application | undefined;
  try {
    return await waitFor(
      async () => {
        last = await getApp(ns, name);
        return check(last) ? last : undefined;
      },
      { what: `app ${name}: ${what}`, timeoutMs },
    );
  } catch (e) {
    const s = last?.status;
    throw new Error(
      `${(e as Error).message}; last status: sync=${s?.sync?.status} health=${s?.health?.status} op=${s?.operationState?.phase}:${s?.operationState?.message} conditions=${JSON.stringify(s?.conditions ?? [])}`,
      { cause: e },
    );
  }
}

export const synced = (a: Application) => a.status?.sync?.status === 'Synced';
export const healthy = (a: Application) => a.status?.health?.status === 'Healthy';

export async function jsonpath(args: string[], path: string): Promise<string> {
  return kubectlOk([...args, '-o', `jsonpath=${path}`]);
}

export async function exists(args: string[]): Promise<boolean> {
  return (await kubectl(['get', ...args])).code === 0;
}
