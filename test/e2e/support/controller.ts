// Driftless in-process against the shared e2e cluster, in its own control namespace, started through
// the composition root (`runServer`) exactly as `driftless server` starts it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentLogger, type Logger } from '../../../src/common/log.js';
import { runServer, type RunningServer } from '../../../src/main/run-server.js';
import type { ServerOptions } from '../../../src/main/server-config.js';
import type { Application } from '../../../src/model/index.js';
import { e2eKubeconfig, waitFor } from './cluster.js';
import { kubectl, kubectlJson, kubectlOk } from './kubectl.js';

export interface RunningController {
  server: RunningServer;
  namespace: string;
  /** The API's base URL. */
  url: string;
  /** The controller's counters (reconciles so far). */
  stats: RunningServer['stats'];
  stop(): Promise<void>;
}

/**
 * Starts Driftless (controller, repo service, API) with test-friendly timings: a 2 s reconciliation
 * and a short self-heal backoff, a fresh cache directory, an ephemeral port. More options pass through.
 */
export async function startController(
  opts: { namespace: string; pollIntervalMs?: number; installationID?: string; log?: Logger } & ServerOptions,
): Promise<RunningController> {
  const { pollIntervalMs, log: given, ...options } = opts;
  const log =
    given ??
    (process.env.DRIFTLESS_E2E_LOG
      ? createLogger({ level: 'debug' }).child({ ns: opts.namespace })
      : silentLogger);
  const server = await runServer(
    {
      cluster: { kind: 'kubeconfig', path: e2eKubeconfig() },
      port: 0,
      reconciliationMs: pollIntervalMs ?? 2_000,
      selfHealBackoffBaseMs: 500,
      selfHealBackoffMaxMs: 10_000,
      cacheDir: mkdtempSync(join(tmpdir(), 'driftless-e2e-cache-')),
      uiDir: '/nonexistent',
      // The suite shares one cluster: each server applies the CRDs (identical) and serves plain HTTP.
      installCrds: true,
      insecure: true,
      ...options,
    },
    { log, env: {}, version: '0.0.0-e2e' },
  );
  return {
    server,
    namespace: opts.namespace,
    url: server.url,
    stats: server.stats,
    stop: () => server.stop(),
  };
}

export function applicationYaml(a: {
  name: string;
  namespace: string;
  repoURL: string;
  path: string;
  destNamespace: string;
  automated?: { prune?: boolean; selfHeal?: boolean } | undefined;
  /** syncPolicy.retry; `{ limit: 0 }` when a test expects an automated sync to fail (the default retries 5 times). */
  retry?: { limit: number; backoff?: Record<string, unknown>; refresh?: boolean } | undefined;
  syncOptions?: string[];
  finalizer?: string;
  extraSource?: Record<string, unknown>;
  /** spec.sources instead of spec.source (repoURL, path and extraSource are then unused). */
  sources?: Record<string, unknown>[];
  /** More spec fields (ignoreDifferences, …). */
  spec?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: a.name, namespace: a.namespace, ...(a.finalizer ? { finalizers: [a.finalizer] } : {}) },
    spec: {
      project: 'default',
      ...(a.sources
        ? { sources: a.sources }
        : {
            source: {
              repoURL: a.repoURL,
              targetRevision: 'HEAD',
              ...(a.path ? { path: a.path } : {}),
              ...a.extraSource,
            },
          }),
      destination: { server: 'https://kubernetes.default.svc', namespace: a.destNamespace },
      syncPolicy: {
        ...(a.automated ? { automated: a.automated } : {}),
        ...(a.retry ? { retry: a.retry } : {}),
        syncOptions: a.syncOptions ?? ['CreateNamespace=true'],
      },
      ...a.spec,
    },
  });
}

/** Merge-patches an Application as a user would with kubectl. */
export async function patchApp(ns: string, name: string, patch: Record<string, unknown>): Promise<void> {
  await kubectlOk([
    '-n',
    ns,
    'patch',
    'applications.argoproj.io',
    name,
    '--type=merge',
    '-p',
    JSON.stringify(patch),
  ]);
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
/** The app carries a ComparisonError whose message matches `re`. */
export const comparisonErrorMatching = (re: RegExp) => (a: Application) =>
  (a.status?.conditions ?? []).some((c) => c.type === 'ComparisonError' && re.test(c.message));

export async function jsonpath(args: string[], path: string): Promise<string> {
  return kubectlOk([...args, '-o', `jsonpath=${path}`]);
}

export async function exists(args: string[]): Promise<boolean> {
  return (await kubectl(['get', ...args])).code === 0;
}
