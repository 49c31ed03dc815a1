// TLS between the repo server and its callers, as Argo CD: the repo server serves the certificate of
// the mounted argocd-repo-server-tls Secret (tls.crt, tls.key), else one generated at start; callers
// skip verification unless strict, where they trust ca.crt (else tls.crt) of that Secret.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbortError } from '../common/errors.js';
import type { KubeObject } from '../model/index.js';
import { REPO_SERVER_TLS_SECRET } from '../model/settings-objects.js';
import type { RepoServerTransport } from '../render/index.js';
import { generateSelfSigned, type TlsMaterial } from '../server/tls-cert.js';
import type { ServerConfig } from './server-config.js';

/** Names the generated certificate is valid for (plus 127.0.0.1 and ::1). */
export function repoServerHosts(namespace: string): string[] {
  const svc = ['driftless-repo-server', 'argocd-repo-server'];
  return [
    'localhost',
    ...svc,
    ...svc.map((s) => `${s}.${namespace}`),
    ...svc.map((s) => `${s}.${namespace}.svc`),
  ];
}

/** The mounted pair when both files are there; one without the other, or unreadable PEM, stops the start. */
export function mountedTls(dir: string): TlsMaterial | undefined {
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  const present = [certFile, keyFile].filter((f) => existsSync(f));
  if (present.length === 0) return undefined;
  const fix = `mount the Secret ${REPO_SERVER_TLS_SECRET} with both tls.crt and tls.key at ${dir}, or neither to use a generated certificate`;
  if (present.length === 1)
    throw new AbortError(`${present[0] ?? ''} has no partner in ${dir}`, { hint: fix });
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  try {
    new X509Certificate(cert);
    createPrivateKey(key);
  } catch (e) {
    throw new AbortError(`the repo server's TLS pair in ${dir} is not usable PEM: ${(e as Error).message}`, {
      hint: fix,
    });
  }
  return { cert, key, source: dir };
}

/** What the repo server serves: the mounted pair, else a self-signed one made now; none with --disable-tls. */
export async function repoServerTls(config: ServerConfig): Promise<TlsMaterial | undefined> {
  if (config.disableTls) return undefined;
  return mountedTls(config.tlsCertDir) ?? generateSelfSigned(repoServerHosts(config.namespace));
}

function secretValue(secret: KubeObject | undefined, key: string): string | undefined {
  const data = secret?.['data'];
  const v = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v !== '' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

/** How the controller and API server reach the repo server; the strict CA is read from the live Secret. */
export function repoServerTransport(
  config: ServerConfig,
  objects: () => readonly KubeObject[],
): RepoServerTransport {
  if (config.repoServerPlaintext && config.repoServerStrictTls)
    throw new AbortError('--repo-server-plaintext and --repo-server-strict-tls contradict each other', {
      hint: 'choose one (controller.repo.server.plaintext / controller.repo.server.strict.tls in argocd-cmd-params-cm)',
    });
  if (config.repoServerPlaintext) return { kind: 'plaintext' };
  if (!config.repoServerStrictTls) return { kind: 'tls' };
  const secret = () =>
    objects().find((o) => o.kind === 'Secret' && o.metadata.name === REPO_SERVER_TLS_SECRET);
  return {
    kind: 'strict-tls',
    ca: () => secretValue(secret(), 'ca.crt') ?? secretValue(secret(), 'tls.crt'),
    caSource: `ca.crt of the Secret ${config.namespace}/${REPO_SERVER_TLS_SECRET}`,
  };
}
