// Secret writes: argocd-secret and the initial admin Secret (bootstrap, password changes, API key
// lists), and the one create-or-replace of Argo CD's labelled Secrets (repositories, credentials, clusters).
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { isAlreadyExists, isNotFound } from '../model/api-error.js';
import type { AppWriter } from './ports.js';
import type { Logger } from '../common/log.js';
import { LABEL_SECRET_TYPE, type KubeObject } from '../model/index.js';
import { ARGOCD_SECRET } from '../model/settings-objects.js';
import { INITIAL_ADMIN_SECRET, secretPrefix, type TokenRecord } from './settings.js';

export const BCRYPT_COST = 10;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function secretObject(namespace: string, name: string, data: Record<string, string>): KubeObject {
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

export interface LabelledSecret {
  name: string;
  /** The `argocd.argoproj.io/secret-type` label: repository, repo-creds or cluster. */
  secretType: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  stringData: Record<string, string>;
}

/**
 * Creates an Argo CD labelled Secret (`managed-by: argocd.argoproj.io`, as the argocd CLI marks it), or
 * replaces the existing one of that name wholesale: its data is emptied first because stringData merges
 * into data, so a field removed from the settings really goes away.
 */
export async function writeLabelledSecret(writer: AppWriter, s: LabelledSecret): Promise<void> {
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: s.name,
      namespace: writer.namespace,
      labels: { ...s.labels, [LABEL_SECRET_TYPE]: s.secretType },
      annotations: { ...s.annotations, 'managed-by': 'argocd.argoproj.io' },
    },
    type: 'Opaque',
    stringData: s.stringData,
  };
  await writer.create('Secret', secret).catch(async (e: unknown) => {
    if (!isAlreadyExists(e)) throw e;
    const live = await writer.get('Secret', s.name);
    await writer.replace('Secret', {
      ...secret,
      data: {},
      metadata: { ...secret.metadata, resourceVersion: live.metadata.resourceVersion ?? '' },
    });
  });
}

/** A password a person can type: 16 characters from a URL-safe alphabet (96 bits). */
function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Makes sure argocd-secret has a signing key, and that admin has a password: when it has none, a fresh
 * one goes into argocd-initial-admin-secret (as Argo CD does) and its bcrypt hash into argocd-secret.
 */
export async function bootstrapSecrets(writer: AppWriter, log: Logger): Promise<void> {
  const { namespace } = writer;
  const existing = await writer
    .get('Secret', ARGOCD_SECRET)
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const data = (existing?.data ?? {}) as Record<string, string>;
  const add: Record<string, string> = {};
  if (!data['server.secretkey']) add['server.secretkey'] = randomBytes(32).toString('base64');
  if (!data['admin.password']) {
    const password = generatePassword();
    await writer
      .create('Secret', secretObject(namespace, INITIAL_ADMIN_SECRET, { password }))
      .catch(async (e: unknown) => {
        if (!isAlreadyExists(e)) throw e;
        await writer.patch('Secret', INITIAL_ADMIN_SECRET, { data: { password: b64(password) } });
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
    await writer.create('Secret', secretObject(namespace, ARGOCD_SECRET, add));
  } else {
    const patch: Record<string, string> = {};
    for (const [k, v] of Object.entries(add)) patch[k] = b64(v);
    await writer.patch('Secret', ARGOCD_SECRET, { data: patch });
  }
}

export async function writePassword(writer: AppWriter, account: string, newPassword: string): Promise<void> {
  const p = secretPrefix(account);
  const hash = await bcrypt.hash(newPassword, BCRYPT_COST);
  const data = { [`${p}password`]: b64(hash), [`${p}passwordMtime`]: b64(new Date().toISOString()) };
  await writer.patch('Secret', ARGOCD_SECRET, { data });
}

export async function writeTokens(
  writer: AppWriter,
  account: string,
  tokens: readonly TokenRecord[],
): Promise<void> {
  const data = { [`${secretPrefix(account)}tokens`]: b64(JSON.stringify(tokens)) };
  await writer.patch('Secret', ARGOCD_SECRET, { data });
}

export async function readInitialAdminPassword(writer: AppWriter): Promise<string> {
  const s = await writer.get('Secret', INITIAL_ADMIN_SECRET);
  const v = (s.data as Record<string, string> | undefined)?.password ?? '';
  return Buffer.from(v, 'base64').toString('utf8');
}
