// The notification services: one sender per Argo CD service type, chosen by the service's type.
import type { NotificationTemplate, ServiceConfig } from '../config.js';
import { sendEmail } from './email.js';
import { sendGitHub } from './github.js';
import { sendAlertmanager, sendPagerDuty, sendSlack, sendTeams, sendWebhook } from './http-services.js';

/** Sends one rendered notification; resolves when delivered, rejects with a message naming what failed. */
export type Sender = (service: ServiceConfig, n: NotificationTemplate, recipient: string) => Promise<void>;

const SENDERS: Record<string, Sender> = {
  webhook: sendWebhook,
  slack: sendSlack,
  teams: sendTeams,
  email: sendEmail,
  alertmanager: sendAlertmanager,
  pagerdutyv2: sendPagerDuty,
  github: sendGitHub,
};

export function senderFor(type: string): Sender | undefined {
  return SENDERS[type];
}
