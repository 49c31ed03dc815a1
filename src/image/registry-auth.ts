// The registry's side of a request: the Bearer-token flow of the OCI distribution spec (the 401
// challenge's realm asked for a token with basic credentials; its lifetime kept), Retry-After, basic auth.
import { createHash } from 'node:crypto';
import { ImageError } from './errors.js';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends GET `path` to `host` with an Authorization header. */
export type Send = (
  host: string,
  path: string,
  accept: string,
  auth: string | undefined,
) => Promise<RegistryResponse>;

/** A token for the challenge's scope (default: pull of `repository`), valid until `until` (ms). */
export async function fetchToken(
  send: Send,
  now: number,
  registry: string,
  challenge: string,
  repository: string,
  creds?: RegistryCredentials,
): Promise<{ token: string; until: number }> {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const realm = params['realm'];
  if (!realm)
    throw new ImageError(`registry ${registry} asked for a token without a realm`, {
      reason: 'RegistryAuth',
    });
  const u = new URL(realm);
  if (params['service']) u.searchParams.set('service', params['service']);
  u.searchParams.set('scope', params['scope'] ?? `repository:${repository}:pull`);
  const res = await send(u.host, `${u.pathname}${u.search}`, 'application/json', basic(creds));
  if (res.status !== 200)
    throw new ImageError(
      `the token service of registry ${registry} (${u.origin}${u.pathname}) refused ${creds ? `user ${creds.username}` : 'an anonymous pull'} for ${repository} (HTTP ${res.status})`,
      {
        reason: 'RegistryAuth',
        hint: creds
          ? "correct the credentials in the image's pull-secret (or its registries.conf entry in argocd-image-updater-config)"
          : 'the registry needs a login: give the image a pull-secret annotation (pullsecret:NS/NAME, secret:NS/NAME#FIELD, env:VAR, ext:/script) or a registries.conf entry',
      },
    );
  let body: { token?: string; access_token?: string; expires_in?: number };
  try {
    body = JSON.parse(res.body.toString('utf8')) as typeof body;
  } catch (e) {
    throw new ImageError(`the token service of registry ${registry} answered no JSON`, {
      reason: 'RegistryError',
      cause: e,
    });
  }
  const token = body.token ?? body.access_token;
  if (!token)
    throw new ImageError(`the token service of registry ${registry} answered no token`, {
      reason: 'RegistryError',
    });
  // The distribution spec's default lifetime is 60 s; renew 10 s before the end.
  const life = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
  return { token, until: now + Math.max(0, life - 10) * 1000 };
}

/** Retry-After as milliseconds from `now`: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function basic(c: RegistryCredentials | undefined): string | undefined {
  return c ? `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` : undefined;
}

/**
 * Who asks, for cache keys: a hash of the whole login, so an app whose password is wrong never reads
 * what another app's login fetched (nor uses its token).
 */
export function loginKey(c: RegistryCredentials | undefined): string {
  return c ? createHash('sha256').update(`${c.username}\0${c.password}`).digest('hex').slice(0, 32) : '';
}
