// Email over SMTP (nodemailer): implicit TLS on 465, STARTTLS when the server offers it elsewhere,
// AUTH when a username is set; subject and body from the template's `email` block and message.
import { createTransport } from 'nodemailer';
import type { NotificationTemplate, ServiceConfig } from '../config.js';
import { DeliveryError } from './http.js';

export async function sendEmail(
  service: ServiceConfig,
  n: NotificationTemplate,
  recipient: string,
): Promise<void> {
  const o = service.options;
  const host = typeof o.host === 'string' ? o.host : '';
  const port = Number(o.port ?? 587);
  const from = typeof o.from === 'string' ? o.from : '';
  if (!host || !from)
    throw new DeliveryError(
      `service.email${service.name === 'email' ? '' : `.${service.name}`} needs host and from`,
    );
  const username = typeof o.username === 'string' && o.username ? o.username : undefined;
  const transport = createTransport({
    host,
    port,
    secure: port === 465,
    ...(username ? { auth: { user: username, pass: typeof o.password === 'string' ? o.password : '' } } : {}),
    tls: { rejectUnauthorized: o.insecure_skip_verify !== true },
    connectionTimeout: 30_000,
  });
  const block = (n.email ?? {}) as { subject?: unknown; body?: unknown };
  const body = typeof block.body === 'string' && block.body ? block.body : (n.message ?? '');
  try {
    await transport.sendMail({
      from,
      to: recipient,
      subject: typeof block.subject === 'string' ? block.subject : (n.title ?? ''),
      ...(o.html === true ? { html: body } : { text: body }),
    });
  } catch (e) {
    throw new DeliveryError(`email to ${recipient} via ${host}:${port}: ${(e as Error).message}`);
  } finally {
    transport.close();
  }
}
