// Argo CD's start-up parameters (argocd-cmd-params-cm keys and their environment variables), mapped
// onto Driftless's server options; keys with no Driftless meaning yet are recognised and reported.
import { parseDuration } from '../sync/retry.js';
import { AbortError } from '../common/errors.js';
import { parseByteQuantity } from '../render/index.js';
import { serverOptionsSchema, type ServerOptions } from './server-config.js';

type Field = keyof ServerOptions;
type Parse = (text: string) => unknown;

interface Param {
  /** The argocd-cmd-params-cm (or argocd-cm) key. */
  key: string;
  /** The environment variable Argo CD's manifests set from that key. */
  env: string;
  /** The option it sets; absent = recognised, not applied (`why` says so). */
  field?: Field;
  parse?: Parse;
  why?: string;
}

const int: Parse = (t) => (/^\s*-?\d+\s*$/.test(t) ? Number(t) : t);
const seconds: Parse = (t) => (/^\s*\d+\s*$/.test(t) ? Number(t) * 1000 : t);
const bool: Parse = (t) => {
  const v = t.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : t;
};
const duration: Parse = (t) => {
  const d = parseDuration(t);
  return d.ok ? d.ms : t;
};
const text: Parse = (t) => t.trim();
const lower: Parse = (t) => t.trim().toLowerCase();

const CONTROLLER = 'ARGOCD_APPLICATION_CONTROLLER_';

/** The keys read from argocd-cmd-params-cm. */
export const CMD_PARAMS: readonly Param[] = [
  {
    key: 'controller.status.processors',
    env: `${CONTROLLER}STATUS_PROCESSORS`,
    field: 'statusProcessors',
    parse: int,
  },
  {
    key: 'controller.operation.processors',
    env: `${CONTROLLER}OPERATION_PROCESSORS`,
    field: 'operationProcessors',
    parse: int,
  },
  {
    key: 'controller.repo.server.timeout.seconds',
    env: `${CONTROLLER}REPO_SERVER_TIMEOUT_SECONDS`,
    field: 'repoServerTimeoutMs',
    parse: seconds,
  },
  {
    key: 'controller.self.heal.backoff.timeout.seconds',
    env: `${CONTROLLER}SELF_HEAL_BACKOFF_TIMEOUT_SECONDS`,
    field: 'selfHealBackoffBaseMs',
    parse: seconds,
  },
  {
    key: 'controller.self.heal.backoff.cap.seconds',
    env: `${CONTROLLER}SELF_HEAL_BACKOFF_CAP_SECONDS`,
    field: 'selfHealBackoffMaxMs',
    parse: seconds,
  },
  {
    key: 'controller.self.heal.timeout.seconds',
    env: `${CONTROLLER}SELF_HEAL_TIMEOUT_SECONDS`,
    why: 'self-heal always backs off exponentially (controller.self.heal.backoff.*)',
  },
  { key: 'controller.log.format', env: `${CONTROLLER}LOGFORMAT`, field: 'logFormat', parse: lower },
  { key: 'controller.log.level', env: `${CONTROLLER}LOGLEVEL`, field: 'logLevel', parse: lower },
  {
    key: 'controller.sharding.algorithm',
    env: 'ARGOCD_CONTROLLER_SHARDING_ALGORITHM',
    field: 'shardingAlgorithm',
    parse: lower,
  },
  // Argo CD sets the replica count only through the variable; the key is Driftless's, for symmetry.
  { key: 'controller.replicas', env: 'ARGOCD_CONTROLLER_REPLICAS', field: 'controllerReplicas', parse: int },
  {
    key: 'controller.sharding.by',
    env: 'DRIFTLESS_CONTROLLER_SHARDING_BY',
    field: 'shardingBy',
    parse: lower,
  },
  {
    key: 'controller.lease.duration.seconds',
    env: 'DRIFTLESS_CONTROLLER_LEASE_DURATION_SECONDS',
    field: 'shardLeaseDurationMs',
    parse: seconds,
  },
  // Argo CD's fixed shard number: here it is the index that clusters pin to with their `shard`.
  { key: 'controller.shard', env: 'ARGOCD_CONTROLLER_SHARD', field: 'controllerShard', parse: int },
  {
    key: 'controller.diff.server.side',
    env: `${CONTROLLER}SERVER_SIDE_DIFF`,
    field: 'serverSideDiff',
    parse: bool,
  },
  {
    key: 'controller.kubectl.parallelism.limit',
    env: `${CONTROLLER}KUBECTL_PARALLELISM_LIMIT`,
    why: 'applies go through the API client, not kubectl',
  },
  // Argo CD sets `repo.server` for both components through their own variables.
  { key: 'repo.server', env: 'ARGOCD_SERVER_REPO_SERVER', field: 'repoServer', parse: text },
  { key: 'repo.server', env: `${CONTROLLER}REPO_SERVER`, field: 'repoServer', parse: text },
  // TLS to the repo server, set per caller in Argo CD; one setting here (a process may be both callers).
  ...(['plaintext', 'strict.tls'] as const).flatMap((what): Param[] => {
    const field = what === 'plaintext' ? 'repoServerPlaintext' : 'repoServerStrictTls';
    const suffix = what === 'plaintext' ? 'PLAINTEXT' : 'STRICT_TLS';
    return [
      {
        key: `controller.repo.server.${what}`,
        env: `${CONTROLLER}REPO_SERVER_${suffix}`,
        field,
        parse: bool,
      },
      { key: `server.repo.server.${what}`, env: `ARGOCD_SERVER_REPO_SERVER_${suffix}`, field, parse: bool },
    ];
  }),
  { key: 'reposerver.disable.tls', env: 'ARGOCD_REPO_SERVER_DISABLE_TLS', field: 'disableTls', parse: bool },
  { key: 'server.insecure', env: 'ARGOCD_SERVER_INSECURE', field: 'insecure', parse: bool },
  { key: 'server.rootpath', env: 'ARGOCD_SERVER_ROOTPATH', field: 'rootPath', parse: text },
  { key: 'server.basehref', env: 'ARGOCD_SERVER_BASEHREF', why: 'the UI is built for /' },
  { key: 'server.staticassets', env: 'ARGOCD_SERVER_STATIC_ASSETS', field: 'uiDir', parse: text },
  {
    key: 'server.log.format',
    env: 'ARGOCD_SERVER_LOGFORMAT',
    why: 'one process: controller.log.format sets the format',
  },
  {
    key: 'server.log.level',
    env: 'ARGOCD_SERVER_LOG_LEVEL',
    why: 'one process: controller.log.level sets the level',
  },
  {
    key: 'server.disable.auth',
    env: 'ARGOCD_SERVER_DISABLE_AUTH',
    why: 'the API always authenticates',
  },
  {
    key: 'reposerver.parallelism.limit',
    env: 'ARGOCD_REPO_SERVER_PARALLELISM_LIMIT',
    why: 'renders are bounded by the status and operation processors',
  },
  {
    key: 'reposerver.git.request.timeout',
    env: 'ARGOCD_GIT_REQUEST_TIMEOUT',
    field: 'gitRequestTimeoutMs',
    parse: duration,
  },
  {
    key: 'reposerver.max.combined.directory.manifests.size',
    env: 'ARGOCD_REPO_SERVER_MAX_COMBINED_DIRECTORY_MANIFESTS_SIZE',
    field: 'maxManifestBytes',
    parse: (t) => parseByteQuantity(t) ?? t,
  },
  {
    key: 'reposerver.max.directory.files',
    env: 'DRIFTLESS_MAX_DIRECTORY_FILES',
    field: 'maxManifestFiles',
    parse: int,
  },
  {
    key: 'reposerver.max.yaml.aliases',
    env: 'DRIFTLESS_MAX_YAML_ALIASES',
    field: 'maxYamlAliases',
    parse: int,
  },
  { key: 'reposerver.max.yaml.depth', env: 'DRIFTLESS_MAX_YAML_DEPTH', field: 'maxYamlDepth', parse: int },
  { key: 'reposerver.render.sandbox', env: 'DRIFTLESS_RENDER_SANDBOX', field: 'renderSandbox', parse: lower },
  { key: 'reposerver.plugin.dir', env: 'DRIFTLESS_PLUGIN_DIR', field: 'pluginDir', parse: (t) => t },
  {
    key: 'application.namespaces',
    env: 'ARGOCD_APPLICATION_NAMESPACES',
    why: 'Applications are read from the control namespace only',
  },
];

/** The start-up keys Argo CD's controller reads from argocd-cm. */
export const ARGOCD_CM_PARAMS: readonly Param[] = [
  {
    key: 'timeout.reconciliation',
    env: 'ARGOCD_RECONCILIATION_TIMEOUT',
    field: 'reconciliationMs',
    parse: duration,
  },
  {
    key: 'timeout.reconciliation.jitter',
    env: 'ARGOCD_RECONCILIATION_JITTER',
    field: 'reconciliationJitterMs',
    parse: duration,
  },
  // Argo CD reads it from argocd-cmd-params-cm; accepted here too, where users often put it.
  {
    key: 'controller.diff.server.side',
    env: `${CONTROLLER}SERVER_SIDE_DIFF`,
    field: 'serverSideDiff',
    parse: bool,
  },
  {
    key: 'timeout.hard.reconciliation',
    env: 'ARGOCD_HARD_RECONCILIATION_TIMEOUT',
    why: 'a hard refresh is requested per app (refresh=hard)',
  },
];

/** What a ConfigMap (or the environment) contributed: validated options and what was not applied. */
export interface CmdParams {
  options: ServerOptions;
  /** `key: why` for each recognised key that was set but has no effect. */
  ignored: string[];
}

export const NO_PARAMS: CmdParams = { options: {}, ignored: [] };

function collect(
  params: readonly Param[],
  lookup: (p: Param) => string | undefined,
  label: (p: Param) => string,
  source: string,
): CmdParams {
  const options: Record<string, unknown> = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  for (const p of params) {
    const value = lookup(p);
    if (value === undefined || value.trim() === '') continue;
    if (!p.field || !p.parse) {
      ignored.push(`${label(p)}: ${p.why ?? 'not applied'}`);
      continue;
    }
    const parsed = serverOptionsSchema.shape[p.field].safeParse(p.parse(value));
    if (parsed.success) options[p.field] = parsed.data;
    else
      problems.push(
        `${label(p)}=${JSON.stringify(value)}: ${parsed.error.issues.map((i) => i.message).join(', ')}`,
      );
  }
  if (problems.length > 0)
    throw new AbortError(`invalid ${source}: ${problems.join('; ')}`, {
      hint: 'fix the value or remove the key; see docs/server-configuration.md',
    });
  return { options: options as ServerOptions, ignored };
}

/** The options set by a ConfigMap's data (argocd-cmd-params-cm or argocd-cm). */
export function paramsFromConfigMap(
  params: readonly Param[],
  name: string,
  data: Record<string, string> | undefined,
): CmdParams {
  return collect(
    params,
    (p) => data?.[p.key],
    (p) => p.key,
    `ConfigMap ${name}`,
  );
}

/** The options set through Argo CD's environment variables for the same keys. */
export function paramsFromEnv(env: Record<string, string | undefined>): CmdParams {
  return collect(
    [...CMD_PARAMS, ...ARGOCD_CM_PARAMS],
    (p) => env[p.env],
    (p) => p.env,
    'environment',
  );
}
