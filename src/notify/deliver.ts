// Delivering one pending notification: each template of it rendered for the service's type and sent.
import { errorMessage } from '../common/errors.js';
import type { NotificationConfig } from './config.js';
import type { PendingDelivery } from './delivery-state.js';
import { renderTemplate } from './render-message.js';
import { senderFor } from './services/index.js';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string; permanent: boolean };

/** Sends `p` for `app`; a configuration mistake is permanent (retrying cannot help), a send failure is not. */
export async function deliver(
  p: PendingDelivery,
  app: unknown,
  config: NotificationConfig,
  extra: { drift?: unknown } = {},
): Promise<DeliveryOutcome> {
  const service = config.services.get(p.service);
  if (!service)
    return {
      ok: false,
      permanent: true,
      error: `no service ${p.service} in argocd-notifications-cm (add service.<type>.${p.service} or service.${p.service})`,
    };
  const send = senderFor(service.type);
  if (!send)
    return {
      ok: false,
      permanent: true,
      error: `service ${p.service}: type ${service.type} is not supported`,
    };
  for (const name of p.templates) {
    const template = config.templates.get(name);
    if (!template)
      return {
        ok: false,
        permanent: true,
        error: `trigger ${p.trigger} sends template ${name}, which argocd-notifications-cm does not define`,
      };
    const rendered = renderTemplate(name, template, {
      app,
      context: config.context,
      serviceType: service.type,
      recipient: p.recipient,
      ...(extra.drift !== undefined ? { drift: extra.drift } : {}),
    });
    if (!rendered.ok) return { ok: false, permanent: true, error: rendered.error };
    try {
      await send(service, rendered.value, p.recipient);
    } catch (e) {
      return {
        ok: false,
        permanent: false,
        error: `${p.service} (${service.type}) to ${p.recipient || 'its default'}: ${errorMessage(e)}`,
      };
    }
  }
  return { ok: true };
}
