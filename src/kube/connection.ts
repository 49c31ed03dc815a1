// How to reach one cluster: server URL, TLS material and credentials, whatever the source.
import type { ExecProviderConfig } from '../model/cluster-secret.js';

export interface ClusterConnection {
  /** Base URL of the API server, e.g. `https://127.0.0.1:6443` (no trailing slash). */
  server: string;
  /** A display name: kubeconfig context, Argo CD cluster name, or `in-cluster`. */
  name: string;
  /** PEM CA bundle; when absent Node's default roots are used. */
  ca?: Buffer;
  insecureSkipTlsVerify?: boolean;
  /** SNI / certificate name to verify instead of the URL's host. */
  tlsServerName?: string;
  /** PEM client certificate and key (x509 client auth). */
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  /** Re-read periodically: projected service-account tokens rotate. */
  tokenFile?: string;
  username?: string;
  password?: string;
  /** A credential plugin run for a token or client certificate (client.authentication.k8s.io ExecCredential). */
  exec?: ExecProviderConfig;
  /** HTTP(S) proxy for every request to this cluster (CONNECT tunnel for https). */
  proxyUrl?: string;
  /** The kubeconfig context's default namespace, if any. */
  namespace?: string;
}

/** Strips a trailing slash so paths can be appended with `${server}${path}`. */
export function normalizeServer(server: string): string {
  return server.replace(/\/+$/, '');
}
