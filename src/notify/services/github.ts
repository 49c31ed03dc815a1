// GitHub commit statuses (`service.github`), as Argo CD's GitHub service posts them: the GitHub App's
// JWT (RS256, signed with its private key) buys an installation token, which posts the template's
// `github.status` to /repos/{owner}/{repo}/statuses/{sha} with the message as description.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { httpCall } from '../../common/outbound-http.js';
import type { NotificationTemplate, ServiceConfig } from '../config.js';
import { DeliveryError } from './http.js';

const PUBLIC_API = 'https://api.github.com';
const ACCEPT = 'application/vnd.github.v3+json';
/** A status description holds 140 characters; Argo CD cuts a longer message. */
const MAX_DESCRIPTION = 140;

/** The template paths Argo CD fills in when a template's `github` block leaves them out. */
export const GITHUB_DEFAULT_PATHS = {
  repoURLPath: '{{.app.spec.source.repoURL}}',
  revisionPath: '{{.app.status.operationState.syncResult.revision}}',
};

const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `owner/repo` of a repository URL (https, ssh:// or scp-like `git@host:owner/repo.git`): its first two path segments. */
export function repoFullName(repoURL: string): string | undefined {
  const scp = /^[\w.-]+@[\w.-]+:(?!\/\/)(.*)$/.exec(repoURL);
  let path: string;
  try {
    path = scp ? (scp[1] ?? '') : new URL(repoURL).pathname;
  } catch {
    return undefined;
  }
  const parts = path
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
}

/** The REST base for statuses: an enterprise URL gets `/api/v3/` unless it has it (go-github's rule). */
export function restBase(enterpriseBaseURL: string | undefined): string {
  if (!enterpriseBaseURL) return `${PUBLIC_API}/`;
  const u = new URL(enterpriseBaseURL);
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  if (!u.pathname.endsWith('/api/v3/') && !u.hostname.startsWith('api.') && !u.hostname.includes('.api.'))
    u.pathname += 'api/v3/';
  return u.toString();
}

/** The GitHub App's JWT: issued 30 s in the past (clock skew), valid two minutes, issuer the app ID. */
export function appJwt(appID: string, key: KeyObject, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000) - 30;
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat, exp: iat + 120, iss: appID })}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** Argo CD's cut: at most 140 characters, the last three of a longer message replaced by "...". */
export function description(message: string): string {
  const chars = [...message];
  return chars.length > MAX_DESCRIPTION ? `${chars.slice(0, MAX_DESCRIPTION - 3).join('')}...` : message;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}
/** Installation tokens live an hour: reused until a minute before they expire. */
const tokens = new Map<string, CachedToken>();

async function installationToken(o: Record<string, unknown>, nowMs: number): Promise<string> {
  const appID = str(o.appID);
  const installationID = str(o.installationID);
  const pem = str(o.privateKey);
  if (!appID || !installationID || !pem)
    throw new DeliveryError('service.github needs appID, installationID and privateKey');
  const base = (str(o.enterpriseBaseURL) || PUBLIC_API).replace(/\/+$/, '');
  const url = `${base}/app/installations/${encodeURIComponent(installationID)}/access_tokens`;
  const cacheKey = `${url}\0${appID}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt - 60_000 > nowMs) return cached.token;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new DeliveryError(
      'service.github: privateKey is not a PEM private key (the GitHub App’s .pem file)',
    );
  }
  const res = await httpCall({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${appJwt(appID, key, nowMs)}`,
      accept: ACCEPT,
      'user-agent': 'driftless',
    },
  });
  const answer = obj(JSON.parse(res.body || '{}') as unknown);
  const token = str(answer.token);
  if (!token) throw new DeliveryError(`${url} answered without a token`);
  const expiresAt = Date.parse(str(answer.expires_at)) || nowMs + 3_600_000;
  tokens.set(cacheKey, { token, expiresAt });
  return token;
}

export async function sendGitHub(
  service: ServiceConfig,
  n: NotificationTemplate,
  _recipient: string,
  nowMs: number = Date.now(),
): Promise<void> {
  const block = obj(n.github);
  const status = obj(block.status);
  if (Object.keys(status).length === 0)
    throw new DeliveryError('the template has no github.status block (state, label, targetURL)');
  const repoURL = str(block.repoURLPath);
  const fullName = repoFullName(repoURL);
  if (!fullName) throw new DeliveryError(`github.repoURLPath "${repoURL}" names no owner/repository`);
  const sha = str(block.revisionPath);
  if (!/^[0-9a-f]{7,64}$/i.test(sha))
    throw new DeliveryError(`github.revisionPath "${sha}" is not a commit SHA (has the app synced?)`);
  const token = await installationToken(service.options, nowMs);
  await httpCall({
    method: 'POST',
    url: `${restBase(str(service.options.enterpriseBaseURL) || undefined)}repos/${fullName}/statuses/${sha}`,
    headers: {
      authorization: `token ${token}`,
      accept: ACCEPT,
      'content-type': 'application/json',
      'user-agent': 'driftless',
    },
    body: JSON.stringify({
      state: str(status.state),
      target_url: str(status.targetURL),
      description: description(n.message ?? ''),
      context: str(status.label),
    }),
  });
}
