// SSO settings as Argo CD users write them: `oidc.config` and `url` in argocd-cm (secret values by
// `$key` / `$secret-name:key` reference), and which claims RBAC reads (`scopes` in argocd-rbac-cm).
import { X509Certificate } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface OidcConfig {
  /** Shown on the login button: "Log in via <name>". */
  name: string;
  issuer: string;
  clientID: string;
  /** As written (a literal or a `$…` reference), resolved when used; never logged, never answered by the API. */
  clientSecret: string | undefined;
  /** A public client the CLI uses (PKCE, no secret); default: clientID. */
  cliClientID: string | undefined;
  requestedScopes: string[];
  /** The `claims` request parameter's `id_token` member (OIDC Core 5.5). */
  requestedIDTokenClaims: Record<string, unknown> | undefined;
  /** Where logout sends the browser; `{{token}}` and `{{logoutRedirectURL}}` are filled in. */
  logoutURL: string | undefined;
  /** The server's external URL (argocd-cm `url`): the redirect URI is `<url>/auth/callback`. */
  url: string;
  /** PEM of the CA that signed the issuer's certificate (Argo CD's `rootCA`); the only CA trusted for it. */
  rootCA: string | undefined;
}

export type OidcSettings =
  | { kind: 'off' }
  | { kind: 'on'; config: OidcConfig }
  /** Configured but unusable: the API and the login page say why instead of failing at login. */
  | { kind: 'invalid'; reason: string };

const rawConfig = z.object({
  name: z.string().min(1).default('SSO'),
  issuer: z.url(),
  clientID: z.string().min(1),
  clientSecret: z.string().optional(),
  cliClientID: z.string().optional(),
  requestedScopes: z.array(z.string()).optional(),
  requestedIDTokenClaims: z.record(z.string(), z.unknown()).optional(),
  logoutURL: z.string().optional(),
  rootCA: z.string().optional(),
});

/** A Secret's string data by name: argocd-secret and the Secrets labelled part-of argocd. */
export type SecretLookup = (secretName: string) => Readonly<Record<string, string>> | undefined;

export const ARGOCD_SECRET_NAME = 'argocd-secret';

/**
 * Resolves Argo CD's reference syntax: `$key` is a key of argocd-secret, `$name:key` a key of the Secret
 * `name`; anything else is the literal value. The error names the reference, never a value.
 */
export function resolveSecretRef(
  value: string,
  lookup: SecretLookup,
): { ok: true; value: string } | { ok: false; reason: string } {
  if (!value.startsWith('$')) return { ok: true, value };
  const ref = value.slice(1);
  const colon = ref.indexOf(':');
  const [secret, key] = colon < 0 ? [ARGOCD_SECRET_NAME, ref] : [ref.slice(0, colon), ref.slice(colon + 1)];
  const data = lookup(secret);
  if (!data) return { ok: false, reason: `the Secret ${secret} (referenced as "${value}") is not readable` };
  const v = data[key];
  if (v === undefined)
    return { ok: false, reason: `the Secret ${secret} has no key "${key}" (referenced as "${value}")` };
  return { ok: true, value: v.trim() };
}

function validPem(text: string): boolean {
  try {
    new X509Certificate(text);
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates `oidc.config` (the client secret stays a reference: its Secret may change later). */
export function parseOidcSettings(cm: Readonly<Record<string, string>>): OidcSettings {
  const text = cm['oidc.config'];
  if (text === undefined || text.trim() === '') return { kind: 'off' };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { kind: 'invalid', reason: `oidc.config in argocd-cm is not YAML: ${(e as Error).message}` };
  }
  const parsed = rawConfig.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || 'oidc.config';
    return { kind: 'invalid', reason: `oidc.config in argocd-cm: ${where}: ${first?.message ?? 'invalid'}` };
  }
  const url = (cm.url ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(url))
    return {
      kind: 'invalid',
      reason:
        'argocd-cm has oidc.config but no url: set url to the address users open (e.g. https://cd.example.com)',
    };
  const r = parsed.data;
  if (r.rootCA !== undefined && !validPem(r.rootCA))
    return {
      kind: 'invalid',
      reason: 'oidc.config in argocd-cm: rootCA is not a PEM certificate (-----BEGIN CERTIFICATE----- …)',
    };
  const scopes = r.requestedScopes ?? ['openid', 'profile', 'email'];
  return {
    kind: 'on',
    config: {
      name: r.name,
      issuer: r.issuer.replace(/\/+$/, ''),
      clientID: r.clientID,
      clientSecret: r.clientSecret,
      cliClientID: r.cliClientID,
      requestedScopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
      requestedIDTokenClaims: r.requestedIDTokenClaims,
      logoutURL: r.logoutURL,
      url,
      rootCA: r.rootCA,
    },
  };
}

/** argocd-rbac-cm `scopes`: the claims whose values are RBAC subjects; Argo CD's default is `[groups]`. */
export function rbacScopes(rbacCm: Readonly<Record<string, string>>): string[] {
  const raw = rbacCm.scopes?.trim();
  if (!raw) return ['groups'];
  const inner = raw.replace(/^\[/, '').replace(/\]$/, '');
  const names = inner
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
  return names.length > 0 ? names : ['groups'];
}

/**
 * The RBAC subjects a verified ID token gives: the values of each scope claim (a string or a list of
 * strings), deduplicated, in order. `g, <group>, role:…` lines then map them to roles.
 */
export function subjectsFromClaims(
  claims: Readonly<Record<string, unknown>>,
  scopes: readonly string[],
): string[] {
  const out: string[] = [];
  for (const scope of scopes) {
    const v = claims[scope];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
    for (const x of values) if (typeof x === 'string' && x !== '' && !out.includes(x)) out.push(x);
  }
  return out;
}

/** Fills Argo CD's logoutURL placeholders (values URL-encoded). */
export function expandLogoutUrl(
  template: string,
  values: { token: string; logoutRedirectURL: string },
): string {
  return template
    .replaceAll('{{token}}', encodeURIComponent(values.token))
    .replaceAll('{{logoutRedirectURL}}', encodeURIComponent(values.logoutRedirectURL));
}
