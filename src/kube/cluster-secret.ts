// Turns a cluster (from an Argo CD cluster Secret) into a ClusterConnection: URL, TLS material, credentials.
import { AbortError } from '../common/errors.js';
import type { KubeObject } from '../model/kube-object.js';
import { parseClusterSecret, type Cluster } from '../model/cluster-secret.js';
import { normalizeServer, type ClusterConnection } from './connection.js';
import { assign, decodeBase64 } from './kubeconfig.js';

export { isClusterSecret } from '../model/cluster-secret.js';

/** The connection a cluster's `config` describes. caData/certData/keyData are base64 PEM. */
export function connectionFromCluster(cluster: Cluster): ClusterConnection {
  const where = `cluster ${cluster.name}`;
  const config = cluster.config;
  const conn: ClusterConnection = { server: normalizeServer(cluster.server), name: cluster.name };
  assign(conn, 'token', config.bearerToken);
  assign(conn, 'username', config.username);
  assign(conn, 'password', config.password);
  assign(conn, 'proxyUrl', config.proxyUrl);
  assign(conn, 'exec', config.execProviderConfig);
  const tls = config.tlsClientConfig;
  if (tls) {
    if (tls.insecure === true) conn.insecureSkipTlsVerify = true;
    assign(conn, 'tlsServerName', tls.serverName);
    const pem = (key: 'caData' | 'certData' | 'keyData'): Buffer | undefined => {
      const v = tls[key];
      return v ? decodeBase64(v, `${where}: config.tlsClientConfig.${key}`) : undefined;
    };
    assign(conn, 'ca', pem('caData'));
    assign(conn, 'cert', pem('certData'));
    assign(conn, 'key', pem('keyData'));
  }
  return conn;
}

/** A cluster Secret straight to a connection; a malformed Secret is an AbortError saying what to fix. */
export function connectionFromClusterSecret(secret: KubeObject): ClusterConnection {
  const parsed = parseClusterSecret(secret);
  if (!parsed.ok)
    throw new AbortError(parsed.error, {
      hint: 'a cluster Secret needs data.server (the API URL) and optionally data.config JSON, as `argocd cluster add` writes it',
    });
  return connectionFromCluster(parsed.cluster);
}
