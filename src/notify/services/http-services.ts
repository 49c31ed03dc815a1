// Webhook, Slack, Microsoft Teams, Alertmanager and PagerDuty v2: each builds its request from the
// service's options and the template's block for it, as Argo CD's notification services document.
import type { NotificationTemplate, ServiceConfig } from '../config.js';
import { basicAuth, DeliveryError, joinUrl, send } from './http.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const insecure = (o: Record<string, unknown>): boolean => o.insecureSkipVerify === true;

/** A JSON value given as a string in a template (Slack attachments/blocks, Teams sections). */
function jsonField(name: string, v: unknown): unknown {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw new DeliveryError(`the template's ${name} is not valid JSON`);
  }
}

export async function sendWebhook(
  service: ServiceConfig,
  n: NotificationTemplate,
  _recipient: string,
): Promise<void> {
  const o = service.options;
  const url = str(o.url);
  if (!url) throw new DeliveryError(`service.webhook.${service.name} has no url`);
  // A template's `webhook.<service name>` block says what to send; without one (Driftless's
  // extension) the title and message are POSTed as JSON.
  const given = obj(obj(n.webhook)[service.name]);
  const block =
    Object.keys(given).length > 0
      ? given
      : { method: 'POST', body: JSON.stringify({ title: n.title ?? '', message: n.message ?? '' }) };
  const headers: Record<string, string> = { ...basicAuth(o.basicAuth) };
  if (given !== block) headers['content-type'] = 'application/json';
  for (const h of Array.isArray(o.headers) ? o.headers : []) {
    const { name, value } = obj(h);
    if (typeof name === 'string' && typeof value === 'string') headers[name] = value;
  }
  const body = str(block.body);
  await send({
    method: (str(block.method) ?? 'GET').toUpperCase(),
    url: joinUrl(url, str(block.path)),
    headers,
    ...(body !== undefined ? { body } : {}),
    insecureSkipVerify: insecure(o),
  });
}

export async function sendSlack(
  service: ServiceConfig,
  n: NotificationTemplate,
  recipient: string,
): Promise<void> {
  const o = service.options;
  const block = obj(n.slack);
  const payload: Record<string, unknown> = { text: n.message ?? '' };
  const attachments = jsonField('slack.attachments', block.attachments);
  const blocks = jsonField('slack.blocks', block.blocks);
  if (attachments !== undefined) payload.attachments = attachments;
  if (blocks !== undefined) payload.blocks = blocks;
  if (str(o.username)) payload.username = o.username;
  const icon = str(o.icon);
  if (icon) payload[/^https?:/.test(icon) ? 'icon_url' : 'icon_emoji'] = icon;
  const webhookUrl = str(o.url) ?? str(o.webhookURL);
  if (webhookUrl) {
    // An incoming webhook posts to the channel it was created for.
    await send({
      method: 'POST',
      url: webhookUrl,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      insecureSkipVerify: insecure(o),
    });
    return;
  }
  const token = str(o.token);
  if (!token)
    throw new DeliveryError(
      `service.slack${service.name === 'slack' ? '' : `.${service.name}`} needs a token or an incoming webhook url`,
    );
  const res = await send({
    method: 'POST',
    url: joinUrl(str(o.apiURL) ?? 'https://slack.com/api/', 'chat.postMessage'),
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify({ channel: recipient, ...payload }),
    insecureSkipVerify: insecure(o),
  });
  // The Slack API answers 200 with ok:false on errors.
  const answer = obj(JSON.parse(res.body || '{}') as unknown);
  if (answer.ok === false) throw new DeliveryError(`Slack refused the message: ${String(answer.error)}`);
}

export async function sendTeams(
  service: ServiceConfig,
  n: NotificationTemplate,
  recipient: string,
): Promise<void> {
  const url = str(obj(service.options.recipientUrls)[recipient]);
  if (!url) throw new DeliveryError(`service.teams has no recipientUrls entry for ${recipient}`);
  const block = obj(n.teams);
  const card: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    title: str(block.title) ?? n.title ?? '',
    text: str(block.text) ?? n.message ?? '',
  };
  if (str(block.themeColor)) card.themeColor = block.themeColor;
  for (const k of ['sections', 'facts', 'potentialAction'] as const) {
    const v = jsonField(`teams.${k}`, block[k]);
    if (v !== undefined) card[k] = v;
  }
  await send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(card),
  });
}

export async function sendAlertmanager(
  service: ServiceConfig,
  n: NotificationTemplate,
  _recipient: string,
): Promise<void> {
  const o = service.options;
  const block = obj(n.alertmanager);
  const alert = {
    labels: obj(block.labels),
    annotations: { ...obj(block.annotations), ...(n.message ? { message: n.message } : {}) },
    ...(str(block.generatorURL) ? { generatorURL: block.generatorURL } : {}),
  };
  const targets = Array.isArray(o.targets) ? o.targets.filter((t): t is string => typeof t === 'string') : [];
  if (targets.length === 0) throw new DeliveryError('service.alertmanager has no targets');
  const headers: Record<string, string> = { 'content-type': 'application/json', ...basicAuth(o.basicAuth) };
  if (str(o.bearerToken)) headers.authorization = `Bearer ${String(o.bearerToken)}`;
  const errors: string[] = [];
  // Argo CD posts to every target and succeeds when one accepts.
  for (const target of targets) {
    try {
      await send({
        method: 'POST',
        url: `${str(o.scheme) ?? 'http'}://${target}${str(o.apiPath) ?? '/api/v2/alerts'}`,
        headers,
        body: JSON.stringify([alert]),
        insecureSkipVerify: insecure(o),
      });
      return;
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  throw new DeliveryError(errors.join('; '));
}

export async function sendPagerDuty(
  service: ServiceConfig,
  n: NotificationTemplate,
  recipient: string,
): Promise<void> {
  const key = str(obj(service.options.serviceKeys)[recipient]);
  if (!key) throw new DeliveryError(`service.pagerdutyv2 has no serviceKeys entry for ${recipient}`);
  const block = obj(n.pagerdutyv2);
  const payload = {
    summary: str(block.summary) ?? n.message ?? '',
    severity: str(block.severity) ?? 'error',
    source: str(block.source) ?? 'driftless',
    ...(str(block.component) ? { component: block.component } : {}),
    ...(str(block.group) ? { group: block.group } : {}),
    ...(str(block.class) ? { class: block.class } : {}),
  };
  await send({
    method: 'POST',
    url: str(service.options.apiURL) ?? 'https://events.pagerduty.com/v2/enqueue',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: key, event_action: 'trigger', payload }),
  });
}
