import { describe, expect, test } from 'vitest';
import type { KubeEvent } from '../api/types.ts';
import { notificationHistory } from './notification-events.ts';

const ev = (name: string, reason: string, message: string, lastTimestamp: string): KubeEvent => ({
  metadata: { name },
  involvedObject: { kind: 'Application', name: 'web' },
  reason,
  message,
  type: reason === 'NotificationFailed' ? 'Warning' : 'Normal',
  lastTimestamp,
});

describe('notificationHistory', () => {
  test('reads sent and failed deliveries from the Events the notifier records, newest first', () => {
    const list = notificationHistory([
      ev(
        'a',
        'NotificationSent',
        'on-sync-succeeded: app-sync-succeeded sent to email:ops@example.com',
        '2026-11-30T05:00:00Z',
      ),
      ev('b', 'SyncSucceeded', 'unrelated', '2026-11-30T05:01:00Z'),
      ev(
        'c',
        'NotificationFailed',
        'on-health-degraded to receiver not delivered after 3 attempt(s): receiver (webhook) to its default: POST http://h/ answered 503: down',
        '2026-11-30T05:02:00Z',
      ),
      ev('d', 'NotificationSent', 'on-drift: drift-alert, x sent to github', '2026-11-30T04:00:00Z'),
    ]);
    expect(list.map((r) => [r.key, r.outcome, r.trigger, r.service, r.recipient])).toEqual([
      ['c', 'failed', 'on-health-degraded', 'receiver', ''],
      ['a', 'sent', 'on-sync-succeeded', 'email', 'ops@example.com'],
      ['d', 'sent', 'on-drift', 'github', ''],
    ]);
    expect(list[0]?.attempts).toBe(3);
    expect(list[0]?.error).toMatch(/answered 503: down$/);
    expect(list[2]?.templates).toEqual(['drift-alert', 'x']);
  });
});
