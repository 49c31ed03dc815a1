// Server settings read from argocd-cm, argocd-rbac-cm and argocd-secret in the live cache, validated,
// and re-parsed only when one of those objects changes (so edits apply without a restart).
import { z } from 'zod';
import type { LiveCache } from '../kube/live-cache.js';
import type { KubeObject } from '../model/index.js';
import { policyFromConfigMap, type RbacPolicy } from '../policy/rbac-policy.js';
import { ARGOCD_CM, ARGOCD_RBAC_CM, ARGOCD_SECRET } from '../model/settings-objects.js';

export const INITIAL_ADMIN_SECRET = 'argocd-initial-admin-secret';
export const ADMIN = 'admin';

export type Capability = 'login' | 'apiKey';

export interface TokenRecord {
  id: string;
  iat: number;
  exp?: number | undefined;
}

export interface Account {
  name: string;
  enabled: boolean;
  capabilities: Capability[];
  passwordHash?: string | undefined;
  /** Seconds since the epoch; sessions issued before it are void. */
  passwordMtime?: number | undefined;
  tokens: TokenRecord[];
}

export interface WebhookSecrets {
  github?: string | undefined;
  gitlab?: string | undefined;
  gogs?: string | undefined;
  bitbucketUuid?: string | undefined;
  bitbucketServer?: string | undefined;
}

export interface ServerSettings {
  accounts: Map<string, Account>;
  rbac: RbacPolicy & { errors: string[] };
  secretKey: Buffer | undefined;
  webhook: WebhookSecrets;
}

const dataMap = z.record(z.string(), z.string()).optional();
const tokenList = z.array(z.object({ id: z.string(), iat: z.number(), exp: z.number().optional() }));

/** Secret data arrives base64-encoded; ConfigMap data plain. */
function decodeSecret(obj: KubeObject | undefined): Record<string, string> {
  const parsed = dataMap.safeParse(obj?.data);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.success ? (parsed.data ?? {}) : {}))
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  return out;
}

function configData(obj: KubeObject | undefined): Record<string, string> {
  const parsed = dataMap.safeParse(obj?.data);
  return parsed.success ? (parsed.data ?? {}) : {};
}

function parseTokens(raw: string | undefined): TokenRecord[] {
  if (!raw) return [];
  try {
    const r = tokenList.safeParse(JSON.parse(raw));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

/** Key prefix of an account's fields in argocd-secret (Argo CD keeps admin's apart). */
export function secretPrefix(name: string): string {
  return name === ADMIN ? 'admin.' : `accounts.${name}.`;
}

export function parseSettings(
  cm: Record<string, string>,
  rbacCm: Record<string, string>,
  secret: Record<string, string>,
): ServerSettings {
  const accounts = new Map<string, Account>();
  const names = new Set<string>([ADMIN]);
  for (const k of Object.keys(cm)) {
    const m = /^accounts\.([^.]+)$/.exec(k);
    if (m?.[1]) names.add(m[1]);
  }
  for (const name of names) {
    const caps =
      name === ADMIN && cm[`accounts.${ADMIN}`] === undefined
        ? ['login']
        : (cm[`accounts.${name}`] ?? '').split(',').map((c) => c.trim());
    const enabledKey = name === ADMIN ? 'admin.enabled' : `accounts.${name}.enabled`;
    const prefix = secretPrefix(name);
    const mtime = secret[`${prefix}passwordMtime`];
    accounts.set(name, {
      name,
      enabled: cm[enabledKey] !== 'false',
      capabilities: caps.filter((c): c is Capability => c === 'login' || c === 'apiKey'),
      passwordHash: secret[`${prefix}password`] || undefined,
      passwordMtime: mtime ? Math.floor(Date.parse(mtime) / 1000) || undefined : undefined,
      tokens: parseTokens(secret[`${prefix}tokens`]),
    });
  }
  const key = secret['server.secretkey'];
  return {
    accounts,
    rbac: policyFromConfigMap(rbacCm),
    secretKey: key ? Buffer.from(key, 'utf8') : undefined,
    webhook: {
      github: secret['webhook.github.secret'] || undefined,
      gitlab: secret['webhook.gitlab.secret'] || undefined,
      gogs: secret['webhook.gogs.secret'] || undefined,
      bitbucketUuid: secret['webhook.bitbucket.uuid'] || undefined,
      bitbucketServer: secret['webhook.bitbucketserver.secret'] || undefined,
    },
  };
}

/** Reads settings from the cache, re-parsing only when a resourceVersion moved. */
export class SettingsSource {
  private last: { versions: string; settings: ServerSettings } | undefined;

  constructor(
    private readonly cache: LiveCache,
    private readonly namespace: string,
  ) {}

  current(): ServerSettings {
    const get = (kind: string, name: string) =>
      this.cache.get({ group: '', kind, namespace: this.namespace, name });
    const cm = get('ConfigMap', ARGOCD_CM);
    const rbac = get('ConfigMap', ARGOCD_RBAC_CM);
    const secret = get('Secret', ARGOCD_SECRET);
    const versions = [cm, rbac, secret].map((o) => o?.metadata.resourceVersion ?? '-').join('/');
    if (this.last?.versions !== versions)
      this.last = {
        versions,
        settings: parseSettings(configData(cm), configData(rbac), decodeSecret(secret)),
      };
    return this.last.settings;
  }
}
