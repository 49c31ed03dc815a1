// The typed configuration of `driftless server`: one zod schema, and the precedence of its sources
// (flag > environment > argocd-cmd-params-cm > argocd-cm > default), resolved once at start.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AbortError } from '../common/errors.js';
import { DEFAULT_LIMITS } from '../render/index.js';
import type { CmdParams } from './cmd-params.js';

/** Where the install mounts argocd-repo-server-tls in the repo server's Pod (Argo CD's path). */
export const DEFAULT_REPO_SERVER_TLS_DIR = '/app/config/reposerver/tls';

const positiveInt = z.number().int().positive();
const durationMs = z.number().int().nonnegative();

/** Where the cluster to manage is: a kubeconfig file, or the Pod's service account. */
export const clusterSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kubeconfig'), path: z.string().min(1) }),
  z.object({ kind: z.literal('in-cluster') }),
]);

/** What the caller chose (flags, environment, or a test); every field optional, absent = not chosen. */
export const serverOptionsSchema = z
  .object({
    cluster: clusterSourceSchema,
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name'),
    port: z.number().int().min(0).max(65_535),
    /** A second plain-HTTP port serving /metrics (and probes) only, as Argo CD's 8082/8083/8084. */
    metricsPort: z.number().int().min(0).max(65_535),
    address: z.string().min(1),
    reconciliationMs: positiveInt,
    reconciliationJitterMs: durationMs,
    statusProcessors: positiveInt,
    operationProcessors: positiveInt,
    tracking: z.enum(['annotation', 'label', 'annotation+label']),
    logFormat: z.enum(['text', 'json']),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']),
    cacheDir: z.string().min(1),
    installationID: z.string().min(1),
    selfHealBackoffBaseMs: durationMs,
    selfHealBackoffMaxMs: positiveInt,
    repoServerTimeoutMs: positiveInt,
    gitRequestTimeoutMs: positiveInt,
    insecure: z.boolean(),
    /** Compare through server-side-apply dry runs (Argo CD's server-side diff); default on (ADR 0011). */
    serverSideDiff: z.boolean(),
    rootPath: z.string().regex(/^(\/[^/\s]+)*\/?$/, 'must be a path such as /argocd'),
    /** Where the UI's built files are (tests point it elsewhere); default `<package>/ui/dist`. */
    uiDir: z.string().min(1),
    /** Render limits (docs/security.md). */
    maxManifestBytes: positiveInt,
    maxManifestFiles: positiveInt,
    maxYamlAliases: positiveInt,
    maxYamlDepth: positiveInt,
    /** How render tools are confined (ADR 0010). */
    renderSandbox: z.enum(['bwrap', 'auto', 'off']),
    /** Apply the argoproj.io CRDs at start instead of only checking them (ADR 0015). */
    installCrds: z.boolean(),
    /** What this process runs: everything, or one component as the install manifests run them. */
    component: z.enum(['all', 'application-controller', 'server', 'repo-server']),
    /** A separate repo server (`host:port` or `unix:/path`) instead of the in-process one (ADR 0024). */
    repoServer: z.string().min(1),
    /** The repo server serves plain HTTP (Argo CD's repo-server --disable-tls, reposerver.disable.tls). */
    disableTls: z.boolean(),
    /** Where the repo server finds tls.crt and tls.key (the mounted argocd-repo-server-tls Secret). */
    tlsCertDir: z.string().min(1),
    /** Callers reach the repo server over plain HTTP (--repo-server-plaintext). */
    repoServerPlaintext: z.boolean(),
    /** Callers verify the repo server's certificate against ca.crt of argocd-repo-server-tls (--repo-server-strict-tls). */
    repoServerStrictTls: z.boolean(),
    /** Folder of config management plugins (plugin.yaml files, docs/plugins.md). */
    pluginDir: z.string().min(1),
    /** Controller replicas (ARGOCD_CONTROLLER_REPLICAS); above 1 they shard apps through Leases (ADR 0028). */
    controllerReplicas: positiveInt,
    /** This replica's identity in its shard Lease; default the host name (a StatefulSet Pod's name). */
    controllerId: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]{0,40}[a-z0-9])?$/, 'must be a lower-case DNS label such as the Pod name'),
    /** Argo CD's controller.shard: this replica's shard index (default its StatefulSet ordinal), for pinned clusters. */
    controllerShard: z.number().int().min(0).max(999_999_999),
    /** Argo CD's controller.sharding.algorithm, mapped onto how apps are hashed (docs/sharding.md). */
    shardingAlgorithm: z.enum(['legacy', 'round-robin', 'consistent-hashing']),
    /** Hash apps one by one, or by destination cluster; default follows the algorithm. */
    shardingBy: z.enum(['app', 'cluster']),
    /** A replica that stops renewing its Lease loses its apps this long after its last renewal. */
    shardLeaseDurationMs: z.number().int().min(1000).max(600_000),
  })
  .partial()
  .strict();

export type ServerOptions = z.infer<typeof serverOptionsSchema>;
export type ClusterSource = z.infer<typeof clusterSourceSchema>;

/** The resolved configuration: every field has its value. */
export interface ServerConfig {
  cluster: ClusterSource;
  namespace: string;
  port: number;
  metricsPort: number | undefined;
  address: string;
  reconciliationMs: number;
  reconciliationJitterMs: number;
  statusProcessors: number;
  operationProcessors: number;
  tracking: 'annotation' | 'label' | 'annotation+label';
  logFormat: 'text' | 'json';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  cacheDir: string;
  installationID: string | undefined;
  selfHealBackoffBaseMs: number;
  selfHealBackoffMaxMs: number;
  repoServerTimeoutMs: number;
  gitRequestTimeoutMs: number;
  insecure: boolean;
  serverSideDiff: boolean;
  rootPath: string;
  uiDir: string | undefined;
  maxManifestBytes: number;
  maxManifestFiles: number;
  maxYamlAliases: number;
  maxYamlDepth: number;
  renderSandbox: 'bwrap' | 'auto' | 'off';
  installCrds: boolean;
  component: 'all' | 'application-controller' | 'server' | 'repo-server';
  repoServer: string | undefined;
  disableTls: boolean;
  tlsCertDir: string;
  repoServerPlaintext: boolean;
  repoServerStrictTls: boolean;
  pluginDir: string;
  controllerReplicas: number;
  controllerId: string | undefined;
  controllerShard: number | undefined;
  shardingAlgorithm: 'legacy' | 'round-robin' | 'consistent-hashing';
  shardingBy: 'app' | 'cluster' | undefined;
  shardLeaseDurationMs: number;
}

export const DEFAULT_NAMESPACE = 'argocd';

/** Where config management plugins are looked for unless --plugin-dir says otherwise: ~/.config/driftless/plugins. */
export function defaultPluginDir(): string {
  return join(homedir(), '.config', 'driftless', 'plugins');
}

/** Defaults: Argo CD's where the concept is the same (reconciliation 180 s, operation processors 10; status processors 20 → ours 10). */
export function defaultConfig(cluster: ClusterSource, cacheDir: string): ServerConfig {
  return {
    cluster,
    namespace: DEFAULT_NAMESPACE,
    port: 8080,
    metricsPort: undefined,
    address: '127.0.0.1',
    reconciliationMs: 180_000,
    reconciliationJitterMs: 18_000,
    statusProcessors: 10,
    operationProcessors: 10,
    tracking: 'annotation',
    logFormat: 'text',
    logLevel: 'info',
    cacheDir,
    installationID: undefined,
    selfHealBackoffBaseMs: 2_000,
    selfHealBackoffMaxMs: 180_000,
    repoServerTimeoutMs: 90_000,
    gitRequestTimeoutMs: 300_000,
    // As Argo CD: HTTPS (HTTP/2) with a generated or configured certificate; insecure = plain HTTP.
    insecure: false,
    serverSideDiff: true,
    rootPath: '',
    uiDir: undefined,
    maxManifestBytes: DEFAULT_LIMITS.maxManifestBytes,
    maxManifestFiles: DEFAULT_LIMITS.maxFiles,
    maxYamlAliases: DEFAULT_LIMITS.maxYamlAliases,
    maxYamlDepth: DEFAULT_LIMITS.maxDepth,
    renderSandbox: 'bwrap',
    installCrds: false,
    component: 'all',
    repoServer: undefined,
    disableTls: false,
    tlsCertDir: DEFAULT_REPO_SERVER_TLS_DIR,
    repoServerPlaintext: false,
    repoServerStrictTls: false,
    pluginDir: defaultPluginDir(),
    controllerReplicas: 1,
    controllerId: undefined,
    controllerShard: undefined,
    shardingAlgorithm: 'consistent-hashing',
    shardingBy: undefined,
    shardLeaseDurationMs: 8_000,
  };
}

/** Validates options from any source; a bad value is an AbortError naming where it came from. */
export function validateOptions(
  raw: Record<string, unknown>,
  source: string,
  labels: Partial<Record<keyof ServerOptions, string>> = {},
): ServerOptions {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = serverOptionsSchema.safeParse(defined);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? '(options)') as keyof ServerOptions;
    return `${labels[field] ?? i.path.join('.')}: ${i.message}`;
  });
  throw new AbortError(`invalid ${source}: ${problems.join('; ')}`, {
    hint: 'see `driftless server --help` and docs/server-configuration.md',
  });
}

/**
 * Merges the layers, highest first: explicit options (flags, then environment), then
 * argocd-cmd-params-cm, then the argocd-cm keys Argo CD reads at start (timeout.reconciliation).
 */
export function resolveServerConfig(
  options: ServerOptions,
  cmdParams: CmdParams,
  argocdCmParams: CmdParams,
  defaults: ServerConfig,
): ServerConfig {
  const merged: ServerConfig = { ...defaults };
  for (const layer of [argocdCmParams.options, cmdParams.options, options])
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) Object.assign(merged, { [k]: v });
  // Argo CD's jitter default follows the interval when only the interval is set (10% here).
  const jitterSet = [argocdCmParams.options, cmdParams.options, options].some(
    (l) => l.reconciliationJitterMs !== undefined,
  );
  if (!jitterSet) merged.reconciliationJitterMs = Math.floor(merged.reconciliationMs * 0.1);
  if (merged.selfHealBackoffMaxMs < merged.selfHealBackoffBaseMs)
    throw new AbortError(
      `the self-heal backoff cap (${merged.selfHealBackoffMaxMs} ms) is below its base (${merged.selfHealBackoffBaseMs} ms)`,
      { hint: 'raise controller.self.heal.backoff.cap.seconds in argocd-cmd-params-cm' },
    );
  return merged;
}
