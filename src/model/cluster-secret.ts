// Argo CD's cluster Secrets (`argocd.argoproj.io/secret-type: cluster`): the typed cluster they declare.
import { isPlainObject, type KubeObject } from './kube-object.js';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from './application.js';
import { LABEL_SECRET_TYPE, secretValues } from './repository-secret.js';

/** `tlsClientConfig` of the config JSON; the `*Data` fields are base64 PEM, as Go marshals []byte. */
export interface ClusterTlsConfig {
  caData?: string;
  certData?: string;
  keyData?: string;
  insecure?: boolean;
  serverName?: string;
}

/** A client-go exec credential plugin, as Argo CD stores it (`execProviderConfig`). */
export interface ExecProviderConfig {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  apiVersion?: string;
  installHint?: string;
}

/** The `config` JSON of a cluster Secret. */
export interface ClusterConfig {
  bearerToken?: string;
  username?: string;
  password?: string;
  tlsClientConfig?: ClusterTlsConfig;
  execProviderConfig?: ExecProviderConfig;
  proxyUrl?: string;
}

/** One destination cluster: from a Secret, or the implicit in-cluster entry. */
export interface Cluster {
  name: string;
  /** API URL without a trailing slash. */
  server: string;
  /** Where the cluster came from; undefined for the implicit in-cluster entry. */
  secretName?: string;
  /** Namespace-scoped cluster: only these namespaces are managed (empty: all). */
  namespaces: string[];
  /** With `namespaces`: whether cluster-scoped resources are managed too. */
  clusterResources: boolean;
  /** Project-scoped cluster: the AppProject it belongs to. */
  project?: string;
  /** Argo CD's `shard`: the controller shard (replica index) its apps are pinned to (docs/sharding.md). */
  shard?: number;
  /** The Secret's labels and annotations (what generators select on and pass to templates). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  config: ClusterConfig;
  /** Whether this entry is the cluster Driftless runs against. */
  inCluster: boolean;
}

export type ClusterParse = { ok: true; cluster: Cluster } | { ok: false; error: string };

/** Whether a Secret is an Argo CD cluster Secret. */
export function isClusterSecret(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && obj.metadata.labels?.[LABEL_SECRET_TYPE] === 'cluster';
}

/** Strips trailing slashes so URLs compare equal however they were typed. */
export function normalizeClusterServer(server: string): string {
  return server.trim().replace(/\/+$/, '');
}

/** The implicit entry for the cluster Driftless runs against. */
export function inClusterEntry(): Cluster {
  return {
    name: IN_CLUSTER_NAME,
    server: IN_CLUSTER_SERVER,
    namespaces: [],
    clusterResources: true,
    labels: {},
    annotations: {},
    config: {},
    inCluster: true,
  };
}

/** Reads a cluster Secret (`data` base64, `stringData` on top); a malformed one is an error value. */
export function parseClusterSecret(secret: KubeObject): ClusterParse {
  const where = `cluster secret ${secret.metadata.name ?? '(unnamed)'}`;
  const v = secretValues(secret);
  const server = normalizeClusterServer(v['server'] ?? '');
  if (!server) return { ok: false, error: `${where}: data.server is missing (the cluster API URL)` };
  if (!/^https?:\/\//.test(server))
    return { ok: false, error: `${where}: data.server "${server}" is not an http(s) URL` };
  let config: ClusterConfig = {};
  if (v['config'] !== undefined && v['config'].trim() !== '') {
    const parsed = parseConfig(v['config']);
    if (typeof parsed === 'string') return { ok: false, error: `${where}: data.config ${parsed}` };
    config = parsed;
  }
  const namespaces = (v['namespaces'] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const cluster: Cluster = {
    name: v['name']?.trim() || server,
    server,
    secretName: secret.metadata.name ?? '',
    namespaces,
    clusterResources: namespaces.length === 0 || v['clusterResources'] === 'true',
    labels: withoutSecretType(secret.metadata.labels),
    annotations: { ...secret.metadata.annotations },
    config,
    inCluster: server === IN_CLUSTER_SERVER,
  };
  if (v['project']) cluster.project = v['project'];
  const shard = v['shard']?.trim();
  if (shard) {
    if (!/^\d{1,9}$/.test(shard))
      return {
        ok: false,
        error: `${where}: data.shard "${shard}" is not a shard number (a controller replica index: 0, 1, …)`,
      };
    cluster.shard = Number(shard);
  }
  return { ok: true, cluster };
}

function withoutSecretType(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  delete out[LABEL_SECRET_TYPE];
  return out;
}

/** The config JSON, checked field by field; a string is what is wrong with it. */
export function parseConfig(text: string): ClusterConfig | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return `is not valid JSON: ${(err as Error).message}`;
  }
  if (!isPlainObject(raw)) return 'must be a JSON object';
  const out: ClusterConfig = {};
  for (const k of ['bearerToken', 'username', 'password', 'proxyUrl'] as const) {
    const s = raw[k];
    if (s === undefined || s === '') continue;
    if (typeof s !== 'string') return `.${k} must be a string`;
    out[k] = s;
  }
  const tls = raw['tlsClientConfig'];
  if (tls !== undefined && tls !== null) {
    if (!isPlainObject(tls)) return '.tlsClientConfig must be an object';
    const t: ClusterTlsConfig = {};
    for (const k of ['caData', 'certData', 'keyData', 'serverName'] as const) {
      const s = tls[k];
      if (s === undefined || s === '' || s === null) continue;
      if (typeof s !== 'string') return `.tlsClientConfig.${k} must be a string`;
      t[k] = s;
    }
    if (tls['insecure'] === true) t.insecure = true;
    if ((t.certData === undefined) !== (t.keyData === undefined))
      return '.tlsClientConfig has certData or keyData but not both';
    out.tlsClientConfig = t;
  }
  const exec = raw['execProviderConfig'];
  if (exec !== undefined && exec !== null) {
    const e = parseExec(exec);
    if (typeof e === 'string') return `.execProviderConfig${e}`;
    out.execProviderConfig = e;
  }
  if (raw['awsAuthConfig'] !== undefined)
    return '.awsAuthConfig is not supported (use execProviderConfig with `aws eks get-token`)';
  return out;
}

function parseExec(exec: unknown): ExecProviderConfig | string {
  if (!isPlainObject(exec)) return ' must be an object';
  if (typeof exec['command'] !== 'string' || exec['command'] === '') return '.command is required';
  const out: ExecProviderConfig = { command: exec['command'] };
  const args = exec['args'];
  if (args !== undefined && args !== null) {
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
      return '.args must be a list of strings';
    out.args = args;
  }
  const env = exec['env'];
  if (env !== undefined && env !== null) {
    if (!isPlainObject(env) || !Object.values(env).every((x) => typeof x === 'string'))
      return '.env must map names to strings';
    out.env = env as Record<string, string>;
  }
  if (typeof exec['apiVersion'] === 'string') out.apiVersion = exec['apiVersion'];
  if (typeof exec['installHint'] === 'string') out.installHint = exec['installHint'];
  return out;
}

/** `stringData` for a cluster Secret, as `argocd cluster add` writes it. */
export function clusterSecretData(
  c: Omit<Cluster, 'inCluster' | 'labels' | 'annotations'>,
): Record<string, string> {
  const out: Record<string, string> = { name: c.name, server: c.server, config: JSON.stringify(c.config) };
  if (c.namespaces.length > 0) {
    out['namespaces'] = c.namespaces.join(',');
    out['clusterResources'] = String(c.clusterResources);
  }
  if (c.project) out['project'] = c.project;
  if (c.shard !== undefined) out['shard'] = String(c.shard);
  return out;
}
