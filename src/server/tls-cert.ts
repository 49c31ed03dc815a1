// The API server's TLS certificate, as Argo CD finds it: argocd-server-tls, else tls.crt/tls.key of
// argocd-secret, else a self-signed one generated at first start and stored in argocd-secret.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execChecked } from '../common/exec.js';
import type { Logger } from '../common/log.js';
import { isNotFound } from '../model/api-error.js';
import type { AppWriter } from './ports.js';
import type { KubeObject } from '../model/index.js';
import { ARGOCD_SECRET, SERVER_TLS_SECRET } from '../model/settings-objects.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where it came from, for logs: a Secret's name, or `generated`. */
  source: string;
}

function decoded(secret: KubeObject | undefined, key: string): string | undefined {
  const data = secret?.data;
  const v = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v !== '' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

/** A usable pair from one Secret, or undefined when it is absent, incomplete or not PEM. */
export function tlsFromSecret(secret: KubeObject | undefined): TlsMaterial | undefined {
  const cert = decoded(secret, 'tls.crt');
  const key = decoded(secret, 'tls.key');
  if (!cert || !key) return undefined;
  try {
    new X509Certificate(cert);
    createPrivateKey(key);
  } catch {
    return undefined;
  }
  return { cert, key, source: secret?.metadata.name ?? '?' };
}

/** The user's argocd-server-tls wins over the pair kept in argocd-secret (Argo CD's order). */
export function pickServerTls(
  serverTls: KubeObject | undefined,
  argocdSecret: KubeObject | undefined,
): TlsMaterial | undefined {
  return tlsFromSecret(serverTls) ?? tlsFromSecret(argocdSecret);
}

/** Host names the generated certificate is valid for (Argo CD's list, with our Service name). */
export function certificateHosts(namespace: string): string[] {
  const svc = ['driftless-server', 'argocd-server'];
  return [
    'localhost',
    ...svc,
    ...svc.map((s) => `${s}.${namespace}`),
    ...svc.map((s) => `${s}.${namespace}.svc`),
  ];
}

/** A self-signed ECDSA P-256 certificate for `hosts` (plus 127.0.0.1 and ::1), valid one year. */
export async function generateSelfSigned(hosts: readonly string[]): Promise<TlsMaterial> {
  const dir = mkdtempSync(join(tmpdir(), 'driftless-tls-'));
  try {
    const san = [...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1', 'IP:::1'].join(',');
    await execChecked(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '365',
        '-subj',
        '/O=Driftless/CN=localhost',
        '-addext',
        `subjectAltName=${san}`,
        '-addext',
        'extendedKeyUsage=serverAuth',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
      ],
      { timeoutMs: 30_000 },
    );
    return {
      cert: readFileSync(join(dir, 'tls.crt'), 'utf8'),
      key: readFileSync(join(dir, 'tls.key'), 'utf8'),
      source: 'generated',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function getSecret(writer: AppWriter, name: string) {
  return writer.get('Secret', name).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
}

/** Reads the configured certificate from the cluster; generates one when there is none (not yet stored). */
export async function loadServerTls(writer: AppWriter): Promise<TlsMaterial> {
  const [serverTls, argocdSecret] = await Promise.all([
    getSecret(writer, SERVER_TLS_SECRET),
    getSecret(writer, ARGOCD_SECRET),
  ]);
  return pickServerTls(serverTls, argocdSecret) ?? generateSelfSigned(certificateHosts(writer.namespace));
}

/**
 * Keeps a generated certificate in argocd-secret so every replica and restart serves the same one.
 * Another replica may have stored its own first: then that one is returned, to be served instead.
 */
export async function storeGeneratedTls(
  writer: AppWriter,
  tls: TlsMaterial,
  log: Logger,
): Promise<TlsMaterial> {
  const live = await getSecret(writer, ARGOCD_SECRET);
  const stored = tlsFromSecret(live);
  if (stored) return stored;
  const data = {
    'tls.crt': Buffer.from(tls.cert).toString('base64'),
    'tls.key': Buffer.from(tls.key).toString('base64'),
  };
  // resourceVersion makes this a compare-and-swap: a concurrent writer makes it fail, and we retry.
  await writer.patch('Secret', ARGOCD_SECRET, {
    metadata: { resourceVersion: live?.metadata.resourceVersion },
    data,
  });
  log.info('stored a self-signed TLS certificate in argocd-secret', { hosts: 'localhost, driftless-server' });
  return { ...tls, source: ARGOCD_SECRET };
}
