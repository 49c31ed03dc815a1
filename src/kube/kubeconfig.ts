// Reads a kubeconfig file (or the in-cluster service account) into a ClusterConnection.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AbortError } from '../common/errors.js';
import { isPlainObject } from '../model/kube-object.js';
import type { ExecProviderConfig } from '../model/cluster-secret.js';
import { normalizeServer, type ClusterConnection } from './connection.js';

export interface KubeconfigOptions {
  /** Context to use; default: the file's `current-context`. */
  context?: string;
}

type Dict = Record<string, unknown>;

/** `$KUBECONFIG` (a list: every file is merged, as kubectl does), else `~/.kube/config`. Env is passed in. */
export function defaultKubeconfigPath(env: Record<string, string | undefined>): string {
  const list = env.KUBECONFIG?.split(delimiter).filter((p) => p !== '') ?? [];
  return list.length > 0 ? list.join(delimiter) : join(homedir(), '.kube', 'config');
}

/**
 * Reads a kubeconfig, or a `:`-separated list of them merged as kubectl merges `$KUBECONFIG`: the first
 * file to name a context, cluster or user wins, and so does the first `current-context`.
 */
export function loadKubeconfig(path: string, opts: KubeconfigOptions = {}): ClusterConnection {
  const paths = path.split(delimiter).filter((p) => p !== '');
  const files: KubeconfigFile[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (err) {
      // kubectl skips missing entries of a list; a single named file must exist.
      if (paths.length > 1 && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new AbortError(`cannot read kubeconfig ${p}: ${(err as Error).message}`, {
        hint: 'pass an existing kubeconfig file (--kubeconfig or $KUBECONFIG)',
        cause: err,
      });
    }
    files.push({ doc: parseDoc(text, p), path: p });
  }
  if (files.length === 0) throw new AbortError(`none of the kubeconfig files exist: ${path}`);
  return connectionFromKubeconfigs(files, opts);
}

/** Parses kubeconfig text; `path` names the file in errors and anchors relative file references. */
export function parseKubeconfig(
  text: string,
  opts: KubeconfigOptions & { path?: string } = {},
): ClusterConnection {
  const file = opts.path ?? 'kubeconfig';
  return connectionFromKubeconfigs(
    [{ doc: parseDoc(text, file), ...(opts.path ? { path: opts.path } : {}) }],
    opts,
  );
}

interface KubeconfigFile {
  doc: Dict;
  path?: string;
}

function parseDoc(text: string, file: string): Dict {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new AbortError(`${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  if (!isPlainObject(doc)) throw new AbortError(`${file} is not a kubeconfig (expected a YAML mapping)`);
  return doc;
}

/** A named entry and the directory its relative file references are relative to. */
interface Found {
  entry: Dict;
  baseDir: string;
}

function connectionFromKubeconfigs(files: KubeconfigFile[], opts: KubeconfigOptions): ClusterConnection {
  const file = files.map((f) => f.path ?? 'kubeconfig').join(delimiter);
  const contextName = opts.context ?? files.map((f) => str(f.doc['current-context'])).find((c) => c);
  if (!contextName) {
    throw new AbortError(`${file} has no current-context`, {
      hint: 'name a context explicitly, or run `kubectl config use-context <name>`',
    });
  }
  const lookup = (listKey: string, itemKey: string, name: string): Found => {
    for (const f of files) {
      const list = f.doc[listKey];
      const e = Array.isArray(list) ? list.find((x) => isPlainObject(x) && x.name === name) : undefined;
      if (isPlainObject(e) && isPlainObject(e[itemKey]))
        return { entry: e[itemKey], baseDir: f.path ? dirname(resolve(f.path)) : process.cwd() };
    }
    const known = files.flatMap((f) => names(f.doc[listKey]));
    throw new AbortError(`${file}: ${listKey} has no entry named "${name}"`, {
      hint: `add it, or choose another (known: ${known.join(', ') || 'none'})`,
    });
  };
  const context = lookup('contexts', 'context', contextName).entry;
  const clusterName = str(context.cluster);
  if (!clusterName) throw new AbortError(`${file}: context "${contextName}" has no cluster`);
  const { entry: cluster, baseDir: clusterDir } = lookup('clusters', 'cluster', clusterName);
  const userName = str(context.user);
  const { entry: user, baseDir: userDir } = userName
    ? lookup('users', 'user', userName)
    : { entry: {}, baseDir: process.cwd() };

  const where = (section: string, field: string): string => `${file}: ${section}.${field}`;
  const readFile = (p: string, baseDir: string, field: string): Buffer => {
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
  const material = (obj: Dict, baseDir: string, section: string, key: string): Buffer | undefined => {
    const data = str(obj[`${key}-data`]);
    if (data) return decodeBase64(data, where(section, `${key}-data`));
    const p = str(obj[key]);
    return p ? readFile(p, baseDir, where(section, key)) : undefined;
  };

  const server = str(cluster.server);
  if (!server) {
    throw new AbortError(`${where(`cluster "${clusterName}"`, 'server')} is missing`, {
      hint: 'set clusters[].cluster.server to the API server URL, e.g. https://127.0.0.1:6443',
    });
  }
  const userSection = `user "${userName}"`;
  if (user['auth-provider'] !== undefined) {
    throw new AbortError(`${file}: ${userSection} uses an auth-provider plugin, which is not supported`, {
      hint: 'use an exec credential plugin (users[].user.exec), a client certificate or a token',
    });
  }
  const conn: ClusterConnection = { server: normalizeServer(server), name: contextName };
  const clusterSection = `cluster "${clusterName}"`;
  assign(conn, 'ca', material(cluster, clusterDir, clusterSection, 'certificate-authority'));
  if (cluster['insecure-skip-tls-verify'] === true) conn.insecureSkipTlsVerify = true;
  assign(conn, 'tlsServerName', str(cluster['tls-server-name']));
  assign(conn, 'proxyUrl', str(cluster['proxy-url']));
  assign(conn, 'cert', material(user, userDir, userSection, 'client-certificate'));
  assign(conn, 'key', material(user, userDir, userSection, 'client-key'));
  if ((conn.cert === undefined) !== (conn.key === undefined)) {
    throw new AbortError(`${file}: ${userSection} has a client certificate or key but not both`, {
      hint: 'set both client-certificate(-data) and client-key(-data)',
    });
  }
  assign(conn, 'token', str(user.token));
  const tokenFile = str(user.tokenFile);
  if (tokenFile) conn.tokenFile = isAbsolute(tokenFile) ? tokenFile : join(userDir, tokenFile);
  assign(conn, 'username', str(user.username));
  assign(conn, 'password', str(user.password));
  if (user.exec !== undefined) conn.exec = execConfig(user.exec, userDir, where(userSection, 'exec'));
  assign(conn, 'namespace', str(context.namespace));
  return conn;
}

/** users[].user.exec as an ExecProviderConfig; a command with a slash is relative to the kubeconfig file. */
function execConfig(raw: unknown, baseDir: string, field: string): ExecProviderConfig {
  if (!isPlainObject(raw) || !str(raw.command))
    throw new AbortError(`${field}.command is missing`, { hint: 'name the credential plugin to run' });
  const command = str(raw.command) ?? '';
  const out: ExecProviderConfig = {
    command: command.includes('/') && !isAbsolute(command) ? join(baseDir, command) : command,
  };
  if (Array.isArray(raw.args)) out.args = raw.args.map(String);
  if (Array.isArray(raw.env)) {
    const env: Record<string, string> = {};
    for (const e of raw.env)
      if (isPlainObject(e) && typeof e.name === 'string') env[e.name] = String(e.value ?? '');
    out.env = env;
  }
  assign(out, 'apiVersion', str(raw.apiVersion));
  assign(out, 'installHint', str(raw.installHint));
  return out;
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
