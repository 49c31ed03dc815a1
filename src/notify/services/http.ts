// Helpers of the HTTP-based services (webhook, Slack, Teams, Alertmanager, PagerDuty, GitHub); the calls
// themselves go through the one outbound HTTP client (src/common/outbound-http.ts).
export { httpCall as send } from '../../common/outbound-http.js';

export class DeliveryError extends Error {}

export function basicAuth(auth: unknown): Record<string, string> {
  if (!auth || typeof auth !== 'object') return {};
  const { username, password } = auth as { username?: unknown; password?: unknown };
  if (typeof username !== 'string') return {};
  const pass = typeof password === 'string' ? password : '';
  return { authorization: `Basic ${Buffer.from(`${username}:${pass}`).toString('base64')}` };
}

/** Joins a base URL and a path as Argo CD's webhook service does (no double slash). */
export function joinUrl(base: string, path: string | undefined): string {
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
