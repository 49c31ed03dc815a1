// Who gets which trigger: `notifications.argoproj.io/subscribe.<trigger>.<service>` annotations on the
// Application and its AppProject, and the default `subscriptions` of argocd-notifications-cm.
import type { DefaultSubscription } from './config.js';

export const SUBSCRIBE_PREFIX = 'notifications.argoproj.io/subscribe.';

export interface Subscription {
  trigger: string;
  service: string;
  recipient: string;
}

/** `a;b` → [a, b]; an empty value is one subscription without a recipient (a webhook's usual form). */
function recipients(value: string): string[] {
  const list = value
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter(Boolean);
  return list.length > 0 ? list : [''];
}

/** Annotation subscriptions; a subscription without a trigger means every default trigger. */
export function annotationSubscriptions(
  annotations: Record<string, string> | undefined,
  defaultTriggers: readonly string[],
): Subscription[] {
  const out: Subscription[] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith(SUBSCRIBE_PREFIX)) continue;
    const rest = key.slice(SUBSCRIBE_PREFIX.length);
    const dot = rest.indexOf('.');
    const triggers = dot < 0 ? defaultTriggers : [rest.slice(0, dot)];
    const service = dot < 0 ? rest : rest.slice(dot + 1);
    if (!service) continue;
    for (const trigger of triggers)
      for (const recipient of recipients(value)) out.push({ trigger, service, recipient });
  }
  return out;
}

/** `k=v`, `k!=v`, `k` and `!k` terms joined by commas, matched against labels. */
export function matchesSelector(
  selector: string | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  for (const term of (selector ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const ne = term.indexOf('!=');
    const eq = term.indexOf('=');
    if (ne > 0) {
      if (labels?.[term.slice(0, ne).trim()] === term.slice(ne + 2).trim()) return false;
    } else if (eq > 0) {
      const key = term.slice(0, eq).trim();
      const value = term.slice(term[eq + 1] === '=' ? eq + 2 : eq + 1).trim();
      if (labels?.[key] !== value) return false;
    } else if (term.startsWith('!')) {
      if (labels?.[term.slice(1)] !== undefined) return false;
    } else if (labels?.[term] === undefined) return false;
  }
  return true;
}

/** Subscriptions from argocd-notifications-cm `subscriptions` that select this app (`service:recipient`). */
export function defaultSubscriptions(
  subs: readonly DefaultSubscription[],
  labels: Record<string, string> | undefined,
  defaultTriggers: readonly string[],
): Subscription[] {
  const out: Subscription[] = [];
  for (const s of subs) {
    if (!matchesSelector(s.selector, labels)) continue;
    const triggers = s.triggers.length > 0 ? s.triggers : defaultTriggers;
    for (const r of s.recipients) {
      const colon = r.indexOf(':');
      const service = colon < 0 ? r : r.slice(0, colon);
      const recipient = colon < 0 ? '' : r.slice(colon + 1);
      for (const trigger of triggers) out.push({ trigger, service, recipient });
    }
  }
  return out;
}

/** All subscriptions of an app, each (trigger, service, recipient) once. */
export function subscriptionsOf(
  app: { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } },
  project: { metadata: { annotations?: Record<string, string> } } | undefined,
  config: { subscriptions: readonly DefaultSubscription[]; defaultTriggers: readonly string[] },
): Subscription[] {
  const all = [
    ...annotationSubscriptions(app.metadata.annotations, config.defaultTriggers),
    ...annotationSubscriptions(project?.metadata.annotations, config.defaultTriggers),
    ...defaultSubscriptions(config.subscriptions, app.metadata.labels, config.defaultTriggers),
  ];
  const seen = new Set<string>();
  return all.filter((s) => {
    const k = `${s.trigger}\u0000${s.service}\u0000${s.recipient}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
