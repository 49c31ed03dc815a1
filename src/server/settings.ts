// The API's settings (accounts, RBAC, signing key, webhook secrets) parsed from argocd-cm, argocd-rbac-cm
// and argocd-secret as the shared settings source holds them (so edits apply without a restart).
import { z } from 'zod';
import { policyFromConfigMap, type RbacPolicy } from '../policy/rbac-policy.js';
import { parseOidcSettings, rbacScopes, type OidcSettings } from './oidc-config.js';
import type { SettingsSource } from '../settings/settings-source.js';

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
  /** argocd-cm `url`: the address users open (no trailing slash), '' when unset. */
  url: string;
  /** `oidc.config` of argocd-cm. */
  oidc: OidcSettings;
  /** argocd-rbac-cm `scopes`: the ID token claims whose values are RBAC subjects. */
  scopes: string[];
}

const tokenList = z.array(z.object({ id: z.string(), iat: z.number(), exp: z.number().optional() }));

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
  cm: Readonly<Record<string, string>>,
  rbacCm: Readonly<Record<string, string>>,
  secret: Readonly<Record<string, string>>,
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
    url: (cm.url ?? '').replace(/\/+$/, ''),
    oidc: parseOidcSettings(cm),
    scopes: rbacScopes(rbacCm),
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

/** The API's view of the shared settings: parsed again only when argocd-cm, -rbac-cm or -secret changed. */
export function serverSettings(source: SettingsSource): { current(): ServerSettings } {
  return {
    current: source.derive(['cm', 'rbac', 'secret'], (s) =>
      parseSettings(s.cm.data, s.rbac.data, s.secret.data),
    ),
  };
}
