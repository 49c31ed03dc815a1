// Webhook authenticity: HMAC signatures (GitHub, Gitea/Gogs, Bitbucket Server), GitLab's shared token,
// Bitbucket Cloud's hook UUID. With no secret configured for a provider, its events are accepted unsigned.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookSecrets } from '../settings.js';
import type { Provider } from './payload.js';

export type VerifyResult = { ok: true } | { ok: false; reason: string };

function header(h: IncomingHttpHeaders, k: string): string | undefined {
  const v = h[k];
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hmacHex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function checkHmac(
  got: string | undefined,
  prefix: string,
  secret: string,
  body: Buffer,
  name: string,
): VerifyResult {
  if (!got) return { ok: false, reason: `missing ${name} header` };
  return safeEqual(got.trim().toLowerCase(), `${prefix}${hmacHex(secret, body)}`)
    ? { ok: true }
    : { ok: false, reason: `${name} does not match the payload (check the webhook secret)` };
}

export function verifyWebhook(
  provider: Provider,
  h: IncomingHttpHeaders,
  body: Buffer,
  secrets: WebhookSecrets,
): VerifyResult {
  switch (provider) {
    case 'github':
      return secrets.github
        ? checkHmac(header(h, 'x-hub-signature-256'), 'sha256=', secrets.github, body, 'X-Hub-Signature-256')
        : { ok: true };
    case 'gitlab': {
      if (!secrets.gitlab) return { ok: true };
      const token = header(h, 'x-gitlab-token');
      if (!token) return { ok: false, reason: 'missing X-Gitlab-Token header' };
      return safeEqual(token, secrets.gitlab)
        ? { ok: true }
        : { ok: false, reason: 'X-Gitlab-Token does not match' };
    }
    case 'gogs': {
      if (!secrets.gogs) return { ok: true };
      const sig = header(h, 'x-gitea-signature') ?? header(h, 'x-gogs-signature');
      return checkHmac(sig, '', secrets.gogs, body, 'X-Gitea-Signature/X-Gogs-Signature');
    }
    case 'bitbucket': {
      if (!secrets.bitbucketUuid) return { ok: true };
      const uuid = header(h, 'x-hook-uuid');
      if (!uuid) return { ok: false, reason: 'missing X-Hook-UUID header' };
      return safeEqual(uuid, secrets.bitbucketUuid)
        ? { ok: true }
        : { ok: false, reason: 'X-Hook-UUID does not match' };
    }
    case 'bitbucketserver':
      return secrets.bitbucketServer
        ? checkHmac(header(h, 'x-hub-signature'), 'sha256=', secrets.bitbucketServer, body, 'X-Hub-Signature')
        : { ok: true };
  }
}
