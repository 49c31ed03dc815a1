// Notification history from the app's Events: NotificationSent / NotificationFailed, their message
// read back into trigger, templates, service, recipient and (for failures) attempts and error.
import type { KubeEvent } from '../api/types.ts';

export interface NotificationRecord {
  key: string;
  outcome: 'sent' | 'failed';
  trigger: string;
  templates: string[];
  service: string;
  recipient: string;
  attempts?: number;
  error?: string;
  time?: string | undefined;
  count: number;
}

// "<trigger>: <template>, <template> sent to <service>[:<recipient>]"
const SENT = /^(\S+): (.*) sent to ([^:\s]+)(?::(.*))?$/;
// "<trigger> to <service>[:<recipient>] not delivered after <n> attempt(s): <error>"
const FAILED = /^(\S+) to ([^:\s]+)(?::(\S*))? not delivered after (\d+) attempt\(s\): ([\s\S]*)$/;

function splitService(service: string, recipient: string | undefined) {
  return { service, recipient: recipient ?? '' };
}

/** The notification Events of an app, newest first; other Events are left out. */
export function notificationHistory(events: readonly KubeEvent[]): NotificationRecord[] {
  const out: NotificationRecord[] = [];
  for (const e of events) {
    const message = e.message ?? '';
    const base = { key: e.metadata.name, time: e.lastTimestamp ?? e.firstTimestamp, count: e.count ?? 1 };
    if (e.reason === 'NotificationSent') {
      const m = SENT.exec(message);
      if (!m) continue;
      out.push({
        ...base,
        outcome: 'sent',
        trigger: m[1] ?? '',
        templates: (m[2] ?? '').split(', ').filter(Boolean),
        ...splitService(m[3] ?? '', m[4]),
      });
    } else if (e.reason === 'NotificationFailed') {
      const m = FAILED.exec(message);
      if (!m) continue;
      out.push({
        ...base,
        outcome: 'failed',
        trigger: m[1] ?? '',
        templates: [],
        ...splitService(m[2] ?? '', m[3]),
        attempts: Number(m[4]),
        error: m[5] ?? '',
      });
    }
  }
  return out.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}
