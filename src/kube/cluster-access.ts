// What `cluster add` installs in a target cluster (as argocd does): the argocd-manager ServiceAccount,
// its ClusterRole (or Roles in the given namespaces) and binding, and a long-lived token Secret.
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError } from '../common/errors.js';
import type { KubeObject } from '../model/kube-object.js';
import { isAlreadyExists, isNotFound } from './api-error.js';
import type { ApiResource } from './api-resource.js';
import type { KubeClient } from './client.js';

export const MANAGER_SERVICE_ACCOUNT = 'argocd-manager';
export const MANAGER_NAMESPACE = 'kube-system';
export const MANAGER_ROLE = 'argocd-manager-role';
export const MANAGER_BINDING = 'argocd-manager-role-binding';
const TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_ANNOTATION = 'kubernetes.io/service-account.name';

const res = (group: string, kind: string, resource: string, namespaced: boolean): ApiResource => ({
  group,
  version: 'v1',
  kind,
  resource,
  namespaced,
  verbs: ['get', 'list', 'create', 'update', 'delete'],
});
const SERVICE_ACCOUNT = res('', 'ServiceAccount', 'serviceaccounts', true);
const SECRET = res('', 'Secret', 'secrets', true);
const RBAC = 'rbac.authorization.k8s.io';
const CLUSTER_ROLE = res(RBAC, 'ClusterRole', 'clusterroles', false);
const CLUSTER_ROLE_BINDING = res(RBAC, 'ClusterRoleBinding', 'clusterrolebindings', false);
const ROLE = res(RBAC, 'Role', 'roles', true);
const ROLE_BINDING = res(RBAC, 'RoleBinding', 'rolebindings', true);

const ALL_RULES = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];

export interface InstallOptions {
  /** Manage only these namespaces (Roles there); empty: the whole cluster (a ClusterRole). */
  namespaces?: readonly string[];
  /** Polls for the token the controller-manager writes; tests shorten it. */
  tokenTimeoutMs?: number;
}

/** Creates (or keeps) the service account and its permissions; returns a bearer token for it. */
export async function installManager(client: KubeClient, opts: InstallOptions = {}): Promise<string> {
  const ns = MANAGER_NAMESPACE;
  const subject = { kind: 'ServiceAccount', name: MANAGER_SERVICE_ACCOUNT, namespace: ns };
  await ensure(client, SERVICE_ACCOUNT, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: MANAGER_SERVICE_ACCOUNT, namespace: ns },
  });
  const namespaces = opts.namespaces ?? [];
  if (namespaces.length === 0) {
    await upsert(client, CLUSTER_ROLE, {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: MANAGER_ROLE },
      rules: [...ALL_RULES, { nonResourceURLs: ['*'], verbs: ['*'] }],
    });
    await upsert(client, CLUSTER_ROLE_BINDING, {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: MANAGER_BINDING },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: MANAGER_ROLE },
      subjects: [subject],
    });
  } else {
    for (const namespace of namespaces) {
      await upsert(client, ROLE, {
        apiVersion: `${RBAC}/v1`,
        kind: 'Role',
        metadata: { name: MANAGER_ROLE, namespace },
        rules: ALL_RULES,
      });
      await upsert(client, ROLE_BINDING, {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: MANAGER_BINDING, namespace },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: MANAGER_ROLE },
        subjects: [subject],
      });
    }
  }
  const existing = await managerTokenSecrets(client);
  const first = existing[0];
  const token = first ? tokenOf(first) : undefined;
  return token ?? (await newManagerToken(client, opts.tokenTimeoutMs)).token;
}

/** A fresh token Secret for the service account; the caller deletes the old ones once it is stored. */
export async function newManagerToken(
  client: KubeClient,
  timeoutMs = 30_000,
): Promise<{ token: string; secretName: string }> {
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      generateName: `${MANAGER_SERVICE_ACCOUNT}-token-`,
      namespace: MANAGER_NAMESPACE,
      annotations: { [SA_ANNOTATION]: MANAGER_SERVICE_ACCOUNT },
    },
    type: TOKEN_TYPE,
  };
  const created = await client.create(SECRET, secret);
  const name = created.metadata.name ?? '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.get(SECRET, name, { namespace: MANAGER_NAMESPACE });
    const token = tokenOf(s);
    if (token) return { token, secretName: name };
    if (Date.now() > deadline)
      throw new AbortError(
        `the token of ${MANAGER_NAMESPACE}/${name} was not filled in within ${timeoutMs} ms`,
        {
          hint: "the target's kube-controller-manager writes service-account tokens: is it running?",
        },
      );
    await sleep(200);
  }
}

/** The service account's token Secrets, oldest first. */
export async function managerTokenSecrets(client: KubeClient): Promise<KubeObject[]> {
  const list = await client.list(SECRET, {
    namespace: MANAGER_NAMESPACE,
    fieldSelector: `type=${TOKEN_TYPE}`,
  });
  return list.items
    .filter((s) => s.metadata.annotations?.[SA_ANNOTATION] === MANAGER_SERVICE_ACCOUNT)
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
}

export async function deleteSecret(client: KubeClient, name: string): Promise<void> {
  await client.delete(SECRET, name, { namespace: MANAGER_NAMESPACE }).catch((e: unknown) => {
    if (!isNotFound(e)) throw e;
  });
}

function tokenOf(secret: KubeObject): string | undefined {
  const data = secret['data'] as Record<string, string> | undefined;
  const t = data?.['token'];
  return t ? Buffer.from(t, 'base64').toString('utf8') : undefined;
}

async function ensure(client: KubeClient, r: ApiResource, obj: KubeObject): Promise<void> {
  await client.create(r, obj).catch((e: unknown) => {
    if (!isAlreadyExists(e)) throw e;
  });
}

async function upsert(client: KubeClient, r: ApiResource, obj: KubeObject): Promise<void> {
  await client.create(r, obj).catch(async (e: unknown) => {
    if (!isAlreadyExists(e)) throw e;
    const live = await client.get(r, obj.metadata.name ?? '', { namespace: obj.metadata.namespace });
    await client.replace(r, {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion ?? '' },
    });
  });
}
