// Writes to argocd-secret and the initial admin Secret: bootstrap, password changes, API key lists.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { isAlreadyExists, isNotFound } from '../kube/api-error.js';
import type { ApiResource } from '../kube/api-resource.js';
import type { KubeClient } from '../kube/client.js';
import type { Logger } from '../common/log.js';
import type { KubeObject } from '../model/index.js';
import { ARGOCD_SECRET } from '../model/settings-objects.js';
import { INITIAL_ADMIN_SECRET, secretPrefix, type TokenRecord } from './settings.js';

export const SECRET_RESOURCE: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
};

export const BCRYPT_COST = 10;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function secretObject(namespace: string, name: string, data: Record<string, string>): KubeObject {
  const encoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) encoded[k] = b64(v);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'argocd' } },
    data: encoded,
  };
}

/** A password a person can type: 16 characters from a URL-safe alphabet (96 bits). */
function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Makes sure argocd-secret has a signing key, and that admin has a password: when it has none, a fresh
 * one goes into argocd-initial-admin-secret (as Argo CD does) and its bcrypt hash into argocd-secret.
 */
export async function bootstrapSecrets(client: KubeClient, namespace: string, log: Logger): Promise<void> {
  const existing = await client
    .get(SECRET_RESOURCE, ARGOCD_SECRET, { namespace })
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const data = (existing?.data ?? {}) as Record<string, string>;
  const add: Record<string, string> = {};
  if (!data['server.secretkey']) add['server.secretkey'] = randomBytes(32).toString('base64');
  if (!data['admin.password']) {
    const password = generatePassword();
    await client
      .create(SECRET_RESOURCE, secretObject(namespace, INITIAL_ADMIN_SECRET, { password }))
      .catch(async (e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
        await client.patch(
          SECRET_RESOURCE,
          INITIAL_ADMIN_SECRET,
          { data: { password: b64(password) } },
          {
            namespace,
            type: 'merge',
          },
        );
      });
    add['admin.password'] = await bcrypt.hash(password, BCRYPT_COST);
    add['admin.passwordMtime'] = new Date().toISOString();
    log.info('generated the initial admin password', {
      secret: `${namespace}/${INITIAL_ADMIN_SECRET}`,
      key: 'password',
    });
  }
  if (Object.keys(add).length === 0) return;
  if (!existing) {
    await client.create(SECRET_RESOURCE, secretObject(namespace, ARGOCD_SECRET, add));
  } else {
    const patch: Record<string, string> = {};
    for (const [k, v] of Object.entries(add)) patch[k] = b64(v);
    await client.patch(SECRET_RESOURCE, ARGOCD_SECRET, { data: patch }, { namespace, type: 'merge' });
  }
}

export async function writePassword(
  client: KubeClient,
  namespace: string,
  account: string,
  newPassword: string,
): Promise<void> {
  const p = secretPrefix(account);
  const hash = await bcrypt.hash(newPassword, BCRYPT_COST);
  const data = { [`${p}password`]: b64(hash), [`${p}passwordMtime`]: b64(new Date().toISOString()) };
  await client.patch(SECRET_RESOURCE, ARGOCD_SECRET, { data }, { namespace, type: 'merge' });
}

export async function writeTokens(
  client: KubeClient,
  namespace: string,
  account: string,
  tokens: readonly TokenRecord[],
): Promise<void> {
  const data = { [`${secretPrefix(account)}tokens`]: b64(JSON.stringify(tokens)) };
  await client.patch(SECRET_RESOURCE, ARGOCD_SECRET, { data }, { namespace, type: 'merge' });
}

export async function readInitialAdminPassword(client: KubeClient, namespace: string): Promise<string> {
  const s = await client.get(SECRET_RESOURCE, INITIAL_ADMIN_SECRET, { namespace });
  const v = (s.data as Record<string, string> | undefined)?.password ?? '';
  return Buffer.from(v, 'base64').toString('utf8');
}
