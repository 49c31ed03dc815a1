// argocd-notifications-cm + argocd-notifications-secret as Argo CD reads them: triggers, templates,
// services (with `$key` secret references), default subscriptions and triggers, and the template context.
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../common/errors.js';
import { NOTIFICATIONS_CM } from '../model/settings-objects.js';
import { BUILTIN_TEMPLATES, BUILTIN_TRIGGERS } from './catalog.js';
import { DEFAULT_RETRY, type RetryPolicy } from './delivery-state.js';
import { GITHUB_DEFAULT_PATHS } from './services/github.js';
import { DEFAULT_DRIFT, type DriftOptions } from './drift.js';

export interface TriggerCondition {
  description?: string;
  when: string;
  send: string[];
  oncePer?: string;
}

/** A template: `message`, `title` and service-specific blocks (`email`, `webhook`, `slack`, `teams`, …). */
export interface NotificationTemplate {
  message?: string;
  title?: string;
  [service: string]: unknown;
}

export interface ServiceConfig {
  /** The service's name as subscriptions name it (`service.webhook.github` → `github`). */
  name: string;
  /** webhook, slack, email, teams, alertmanager, pagerdutyv2, … */
  type: string;
  /** The service's YAML with `$key` references replaced by argocd-notifications-secret values. */
  options: Record<string, unknown>;
}

export interface DefaultSubscription {
  recipients: string[];
  triggers: string[];
  /** A label selector (`k=v,k2!=v2`) on the Application's labels; empty matches all. */
  selector?: string;
}

export interface NotificationConfig {
  triggers: Map<string, TriggerCondition[]>;
  templates: Map<string, NotificationTemplate>;
  services: Map<string, ServiceConfig>;
  subscriptions: DefaultSubscription[];
  defaultTriggers: string[];
  context: Record<string, string>;
  /** Driftless's keys `delivery.retries` / `delivery.backoff` and `drift.groupWait` / `drift.reminder`. */
  delivery: RetryPolicy;
  drift: DriftOptions;
  /** Keys of the ConfigMap that could not be read, with why (reported, never fatal for the others). */
  problems: string[];
}

type Data = Record<string, string> | undefined;

function yamlOf(key: string, text: string, problems: string[]): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (e) {
    problems.push(`${NOTIFICATIONS_CM} key ${key}: not valid YAML: ${errorMessage(e)}`);
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** Replaces `$name` in every string value by the secret's value (left as written when the key is absent). */
export function resolveSecretRefs(value: unknown, secret: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\$([A-Za-z0-9_.-]+)/g, (whole, key: string) => secret[key] ?? whole);
  if (Array.isArray(value)) return value.map((v) => resolveSecretRefs(v, secret));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecretRefs(v, secret)]));
  return value;
}

function parseTrigger(key: string, value: unknown, problems: string[]): TriggerCondition[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(`${NOTIFICATIONS_CM} key ${key}: expected a list of conditions (when, send, oncePer)`);
    return undefined;
  }
  const out: TriggerCondition[] = [];
  for (const [i, c] of value.entries()) {
    if (!isRecord(c) || typeof c.when !== 'string' || strings(c.send).length === 0) {
      problems.push(
        `${NOTIFICATIONS_CM} key ${key}[${i}]: a condition needs 'when' and a non-empty 'send' list`,
      );
      continue;
    }
    out.push({
      when: c.when,
      send: strings(c.send),
      ...(typeof c.oncePer === 'string' && c.oncePer ? { oncePer: c.oncePer } : {}),
      ...(typeof c.description === 'string' ? { description: c.description } : {}),
    });
  }
  return out;
}

/** Reads both objects' data (Secret data already base64-decoded); built-in triggers/templates fill gaps. */
/** A `github` block without repoURLPath / revisionPath gets Argo CD's defaults (rendered like the rest). */
function withGitHubDefaults(t: NotificationTemplate): NotificationTemplate {
  if (!isRecord(t.github)) return t;
  return { ...t, github: { ...GITHUB_DEFAULT_PATHS, ...t.github } };
}

export function parseNotificationConfig(cm: Data, secret: Data): NotificationConfig {
  const problems: string[] = [];
  const config: NotificationConfig = {
    triggers: new Map(Object.entries(BUILTIN_TRIGGERS)),
    templates: new Map(Object.entries(BUILTIN_TEMPLATES)),
    services: new Map(),
    subscriptions: [],
    defaultTriggers: [],
    context: {},
    delivery: { ...DEFAULT_RETRY },
    drift: { ...DEFAULT_DRIFT },
    problems,
  };
  for (const [key, text] of Object.entries(cm ?? {})) {
    if (applyTuning(config, key, text)) continue;
    const dot = key.indexOf('.');
    const prefix = dot < 0 ? key : key.slice(0, dot);
    const rest = dot < 0 ? '' : key.slice(dot + 1);
    const value = yamlOf(key, text, problems);
    if (value === undefined) continue;
    if (prefix === 'trigger' && rest) {
      const conditions = parseTrigger(key, value, problems);
      if (conditions) config.triggers.set(rest, conditions);
    } else if (prefix === 'template' && rest) {
      if (isRecord(value)) config.templates.set(rest, withGitHubDefaults(value as NotificationTemplate));
      else
        problems.push(
          `${NOTIFICATIONS_CM} key ${key}: expected a mapping (message, title, email, webhook, …)`,
        );
    } else if (prefix === 'service' && rest) {
      const [type = '', ...name] = rest.split('.');
      const options = resolveSecretRefs(isRecord(value) ? value : {}, secret ?? {}) as Record<
        string,
        unknown
      >;
      const serviceName = name.length > 0 ? name.join('.') : type;
      config.services.set(serviceName, { name: serviceName, type, options });
    } else if (key === 'subscriptions') {
      for (const s of Array.isArray(value) ? value : []) {
        if (!isRecord(s)) continue;
        config.subscriptions.push({
          recipients: strings(s.recipients),
          triggers: strings(s.triggers),
          ...(typeof s.selector === 'string' ? { selector: s.selector } : {}),
        });
      }
    } else if (key === 'defaultTriggers') {
      config.defaultTriggers = strings(value);
    } else if (key === 'context' && isRecord(value)) {
      config.context = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
  }
  return config;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `10s`, `2m`, `4h` or plain milliseconds; undefined when unreadable. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 'ms'] ?? 1));
}

function applyTuning(config: NotificationConfig, key: string, text: string): boolean {
  const setDuration = (apply: (ms: number) => void): boolean => {
    const ms = parseDurationMs(text);
    if (ms === undefined)
      config.problems.push(`${NOTIFICATIONS_CM} key ${key}: expected a duration such as 10s or 2m`);
    else apply(ms);
    return true;
  };
  switch (key) {
    case 'delivery.retries': {
      const n = Number(text.trim());
      if (!Number.isInteger(n) || n < 0)
        config.problems.push(`${NOTIFICATIONS_CM} key ${key}: expected a whole number`);
      else config.delivery.maxAttempts = n + 1;
      return true;
    }
    case 'delivery.backoff':
      return setDuration((ms) => (config.delivery.baseMs = ms));
    case 'drift.groupWait':
      return setDuration((ms) => (config.drift.groupWaitMs = ms));
    case 'drift.reminder':
      return setDuration((ms) => (config.drift.reminderMs = ms));
    default:
      return false;
  }
}
