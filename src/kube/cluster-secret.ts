// Turns an Argo CD cluster Secret (`argocd.argoproj.io/secret-type: cluster`) into a ClusterConnection.
import { AbortError } from '../common/errors.js';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { LABEL_SECRET_TYPE } from '../model/repository-secret.js';
import { normalizeServer, type ClusterConnection } from './connection.js';
import { assign, decodeBase64 } from './kubeconfig.js';

/** Whether a Secret is an Argo CD cluster Secret. */
export function isClusterSecret(secret: KubeObject): boolean {
  return secret.kind === 'Secret' && secret.metadata.labels?.[LABEL_SECRET_TYPE] === 'cluster';
}

/**
 * Reads `server`, `name` and `config` (JSON: bearerToken, username/password, tlsClientConfig) from
 * `data` (base64) or `stringData`. In `config`, caData/certData/keyData are base64 PEM, as Go marshals []byte.
 */
export function connectionFromClusterSecret(secret: KubeObject): ClusterConnection {
  const where = `cluster secret ${secret.metadata.namespace ?? ''}/${secret.metadata.name ?? ''}`;
  const field = (key: string): string | undefined => {
    const data = secret.data;
    const stringData = secret.stringData;
    if (isPlainObject(stringData) && typeof stringData[key] === 'string') return stringData[key];
    if (isPlainObject(data) && typeof data[key] === 'string') {
      return decodeBase64(data[key], `${where}: data.${key}`).toString('utf8');
    }
    return undefined;
  };
  const server = field('server');
  if (!server) {
    throw new AbortError(`${where}: data.server is missing`, {
      hint: 'set data.server to the cluster API URL, e.g. https://10.0.0.1:6443',
    });
  }
  const conn: ClusterConnection = { server: normalizeServer(server.trim()), name: field('name') ?? server };
  const configText = field('config');
  if (!configText) return conn;
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch (err) {
    throw new AbortError(`${where}: data.config is not valid JSON: ${(err as Error).message}`, {
      hint: 'data.config holds JSON such as {"bearerToken":"…","tlsClientConfig":{"caData":"…"}}',
      cause: err,
    });
  }
  if (!isPlainObject(config)) throw new AbortError(`${where}: data.config must be a JSON object`);
  for (const unsupported of ['execProviderConfig', 'awsAuthConfig']) {
    if (config[unsupported] !== undefined) {
      throw new AbortError(`${where}: data.config.${unsupported} is not supported`, {
        hint: 'use bearerToken or tlsClientConfig certData/keyData for this cluster',
      });
    }
  }
  assign(conn, 'token', text(config.bearerToken));
  assign(conn, 'username', text(config.username));
  assign(conn, 'password', text(config.password));
  const tls = config.tlsClientConfig;
  if (tls !== undefined && !isPlainObject(tls)) {
    throw new AbortError(`${where}: data.config.tlsClientConfig must be an object`);
  }
  if (tls) {
    if (tls.insecure === true) conn.insecureSkipTlsVerify = true;
    assign(conn, 'tlsServerName', text(tls.serverName));
    const pem = (key: string): Buffer | undefined => {
      const v = text(tls[key]);
      return v ? decodeBase64(v, `${where}: data.config.tlsClientConfig.${key}`) : undefined;
    };
    assign(conn, 'ca', pem('caData'));
    assign(conn, 'cert', pem('certData'));
    assign(conn, 'key', pem('keyData'));
    if ((conn.cert === undefined) !== (conn.key === undefined)) {
      throw new AbortError(`${where}: tlsClientConfig has certData or keyData but not both`, {
        hint: 'set both certData and keyData (base64 PEM)',
      });
    }
  }
  return conn;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
