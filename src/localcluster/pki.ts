// The cluster's PKI (one CA, one admin cert in system:masters, an SA key) and its kubeconfig.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execChecked } from '../common/exec.js';

export interface Pki {
  caCert: string;
  adminCert: string;
  adminKey: string;
  saKey: string;
  saPub: string;
}

export function pkiFiles(dir: string): Pki {
  return {
    caCert: join(dir, 'ca.crt'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
  };
}

const ADMIN_EXT = `basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1
`;

/** Creates the PKI once (kept across restarts of the same cluster so kubeconfigs stay valid). */
export async function ensurePki(dir: string): Promise<Pki> {
  const f = pkiFiles(dir);
  if (Object.values(f).every((p) => existsSync(p))) return f;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const o = (args: string[]) => execChecked('openssl', args, { cwd: dir, timeoutMs: 60_000 });
  await o([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=driftless-local-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  ]);
  writeFileSync(join(dir, 'admin.ext'), ADMIN_EXT);
  await o([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/O=system:masters/CN=driftless-admin',
    '-keyout',
    'admin.key',
    '-out',
    'admin.csr',
  ]);
  await o([
    'x509',
    '-req',
    '-in',
    'admin.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '825',
    '-extfile',
    'admin.ext',
    '-out',
    'admin.crt',
  ]);
  await o(['genrsa', '-out', 'sa.key', '2048']);
  await o(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  return f;
}

/** A kubeconfig with the certs embedded, so it works from any directory and any client. */
export function renderKubeconfig(name: string, server: string, pki: Pki): string {
  const b64 = (p: string) => readFileSync(p).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(pki.caCert)}
users:
- name: ${name}-admin
  user:
    client-certificate-data: ${b64(pki.adminCert)}
    client-key-data: ${b64(pki.adminKey)}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-admin
current-context: ${name}
`;
}
