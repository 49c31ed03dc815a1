// Reads a kubeconfig file (or the in-cluster service account) into a ClusterConnection.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AbortError } from '../common/errors.js';
import { isPlainObject } from '../model/kube-object.js';
import { normalizeServer, type ClusterConnection } from './connection.js';

export interface KubeconfigOptions {
  /** Context to use; default: the file's `current-context`. */
  context?: string;
}

type Dict = Record<string, unknown>;

/** `$KUBECONFIG`'s first entry, else `~/.kube/config`. Env is passed in, never read at load. */
export function defaultKubeconfigPath(env: Record<string, string | undefined>): string {
  const first = env.KUBECONFIG?.split(':').find((p) => p !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

export function loadKubeconfig(path: string, opts: KubeconfigOptions = {}): ClusterConnection {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AbortError(`cannot read kubeconfig ${path}: ${(err as Error).message}`, {
      hint: 'pass an existing kubeconfig file (--kubeconfig or $KUBECONFIG)',
      cause: err,
    });
  }
  return parseKubeconfig(text, { ...opts, path });
}

/** Parses kubeconfig text; `path` names the file in errors and anchors relative file references. */
export function parseKubeconfig(
  text: string,
  opts: KubeconfigOptions & { path?: string } = {},
): ClusterConnection {
  const file = opts.path ?? 'kubeconfig';
  const baseDir = opts.path ? dirname(resolve(opts.path)) : process.cwd();
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new AbortError(`${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (!isPlainObject(doc)) throw new AbortError(`${file} is not a kubeconfig (expected a YAML mapping)`);
  const contextName = opts.context ?? str(doc['current-context']);
  if (!contextName) {
    throw new AbortError(`${file} has no current-context`, {
      hint: 'name a context explicitly, or run `kubectl config use-context <name>`',
    });
  }
  const context = named(doc, 'contexts', 'context', contextName, file);
  const clusterName = str(context.cluster);
  if (!clusterName) throw new AbortError(`${file}: context "${contextName}" has no cluster`);
  const cluster = named(doc, 'clusters', 'cluster', clusterName, file);
  const userName = str(context.user);
  const user = userName ? named(doc, 'users', 'user', userName, file) : {};

  const where = (section: string, field: string): string => `${file}: ${section}.${field}`;
  const readFile = (p: string, field: string): Buffer => {
    const full = isAbsolute(p) ? p : join(baseDir, p);
    try {
      return readFileSync(full);
    } catch (err) {
      throw new AbortError(`${field} points to ${full}, which cannot be read: ${(err as Error).message}`, {
        hint: 'fix the path in the kubeconfig (relative paths are relative to the kubeconfig file)',
        cause: err,
      });
    }
  };
  const material = (obj: Dict, section: string, key: string): Buffer | undefined => {
    const data = str(obj[`${key}-data`]);
    if (data) return decodeBase64(data, where(section, `${key}-data`));
    const p = str(obj[key]);
    return p ? readFile(p, where(section, key)) : undefined;
  };

  const server = str(cluster.server);
  if (!server) {
    throw new AbortError(`${where(`cluster "${clusterName}"`, 'server')} is missing`, {
      hint: 'set clusters[].cluster.server to the API server URL, e.g. https://127.0.0.1:6443',
    });
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw new AbortError(
      `${file}: user "${userName}" uses an exec/auth-provider plugin, which is not supported`,
      {
        hint: 'use a client certificate, a token or a tokenFile for this user',
      },
    );
  }
  const conn: ClusterConnection = { server: normalizeServer(server), name: contextName };
  const userSection = `user "${userName}"`;
  const clusterSection = `cluster "${clusterName}"`;
  assign(conn, 'ca', material(cluster, clusterSection, 'certificate-authority'));
  if (cluster['insecure-skip-tls-verify'] === true) conn.insecureSkipTlsVerify = true;
  assign(conn, 'tlsServerName', str(cluster['tls-server-name']));
  assign(conn, 'cert', material(user, userSection, 'client-certificate'));
  assign(conn, 'key', material(user, userSection, 'client-key'));
  if ((conn.cert === undefined) !== (conn.key === undefined)) {
    throw new AbortError(`${file}: ${userSection} has a client certificate or key but not both`, {
      hint: 'set both client-certificate(-data) and client-key(-data)',
    });
  }
  assign(conn, 'token', str(user.token));
  const tokenFile = str(user.tokenFile);
  if (tokenFile) conn.tokenFile = isAbsolute(tokenFile) ? tokenFile : join(baseDir, tokenFile);
  assign(conn, 'username', str(user.username));
  assign(conn, 'password', str(user.password));
  assign(conn, 'namespace', str(context.namespace));
  return conn;
}

export interface InClusterOptions {
  env: Record<string, string | undefined>;
  /** Where the service account is mounted; tests point it at a temp directory. */
  serviceAccountDir?: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The connection a Pod gets from its service account and the KUBERNETES_SERVICE_* variables. */
export function inClusterConnection(opts: InClusterOptions): ClusterConnection {
  const host = opts.env.KUBERNETES_SERVICE_HOST;
  const port = opts.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new AbortError('not running inside a cluster: KUBERNETES_SERVICE_HOST/PORT are not set', {
      hint: 'pass a kubeconfig when running outside Kubernetes',
    });
  }
  const dir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = join(dir, 'token');
  let ca: Buffer;
  try {
    readFileSync(tokenFile);
    ca = readFileSync(join(dir, 'ca.crt'));
  } catch (err) {
    throw new AbortError(`service account files are missing in ${dir}: ${(err as Error).message}`, {
      hint: 'mount a service account token (automountServiceAccountToken: true)',
      cause: err,
    });
  }
  // IPv6 service hosts need brackets in a URL.
  const h = host.includes(':') ? `[${host}]` : host;
  const conn: ClusterConnection = { server: `https://${h}:${port}`, name: 'in-cluster', ca, tokenFile };
  const ns = readOptional(join(dir, 'namespace'));
  if (ns) conn.namespace = ns.trim();
  return conn;
}

export function decodeBase64(value: string, field: string): Buffer {
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new AbortError(`${field} is not valid base64`, { hint: 'encode the PEM with `base64 -w0`' });
  }
  return Buffer.from(clean, 'base64');
}

function named(doc: Dict, listKey: string, itemKey: string, name: string, file: string): Dict {
  const list = doc[listKey];
  const entry = Array.isArray(list) ? list.find((e) => isPlainObject(e) && e.name === name) : undefined;
  if (!isPlainObject(entry) || !isPlainObject(entry[itemKey])) {
    throw new AbortError(`${file}: ${listKey} has no entry named "${name}"`, {
      hint: `add it, or choose another (known: ${names(list).join(', ') || 'none'})`,
    });
  }
  return entry[itemKey];
}

function names(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((e) => (isPlainObject(e) && typeof e.name === 'string' ? [e.name] : []))
    : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Sets an optional property only when defined (exactOptionalPropertyTypes forbids `= undefined`). */
export function assign<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}
