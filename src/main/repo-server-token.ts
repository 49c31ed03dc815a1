// The shared token between a separate repo server and its callers: $DRIFTLESS_REPO_SERVER_TOKEN, or (for
// the controller and API, which can read the cluster) the Secret `driftless-repo-server`, created at first use.
import { randomBytes } from 'node:crypto';
import { AbortError } from '../common/errors.js';
import { isAlreadyExists, isNotFound } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import { REPO_SERVER_SECRET } from '../model/settings-objects.js';
import { secretObject } from '../server/secret-writes.js';
import { SECRET_RESOURCE } from './api-ports.js';

export const REPO_SERVER_TOKEN_ENV = 'DRIFTLESS_REPO_SERVER_TOKEN';

/** The token from the environment, if set (the repo server has no other source). */
export function tokenFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env[REPO_SERVER_TOKEN_ENV]?.trim() || undefined;
}

export function requireTokenFromEnv(env: Record<string, string | undefined>): string {
  const token = tokenFromEnv(env);
  if (!token)
    throw new AbortError(`the repo server needs a token in $${REPO_SERVER_TOKEN_ENV}`, {
      hint: `use the \`token\` of the Secret ${REPO_SERVER_SECRET} (the controller creates it at its first start)`,
    });
  return token;
}

async function readToken(client: KubeClient, namespace: string): Promise<string | undefined> {
  const s = await client
    .get(SECRET_RESOURCE, REPO_SERVER_SECRET, { namespace })
    .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const v = (s?.['data'] as Record<string, string> | undefined)?.['token'];
  return v ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

/** The caller's token: the environment's, else the Secret's, creating the Secret with a random token. */
export async function callerToken(
  client: KubeClient,
  namespace: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  const fromEnv = tokenFromEnv(env);
  if (fromEnv) return fromEnv;
  const existing = await readToken(client, namespace);
  if (existing) return existing;
  const token = randomBytes(32).toString('base64url');
  try {
    await client.create(SECRET_RESOURCE, secretObject(namespace, REPO_SERVER_SECRET, { token }));
    return token;
  } catch (e) {
    // Another replica (or the other component) created it first: use theirs.
    if (!isAlreadyExists(e)) throw e;
    const theirs = await readToken(client, namespace);
    if (theirs) return theirs;
    throw e;
  }
}
