// Notifications sent for this app (and those that failed after their retries), from its Events.
import type { KubeEvent } from '../../api/types.ts';
import { Empty } from '../../components/States.tsx';
import { timeAgo } from '../../lib/format.ts';
import { notificationHistory } from '../../lib/notification-events.ts';

export function NotificationHistory({ events }: { events: readonly KubeEvent[] }) {
  const records = notificationHistory(events);
  if (records.length === 0)
    return (
      <Empty title="No notifications yet">
        Subscribe the app with a notifications.argoproj.io/subscribe.&lt;trigger&gt;.&lt;service&gt;
        annotation; deliveries show here while Kubernetes keeps their events (about an hour).
      </Empty>
    );
  return (
    <table className="table events notification-history">
      <thead>
        <tr>
          <th>Outcome</th>
          <th>Trigger</th>
          <th>Service</th>
          <th>Recipient</th>
          <th>Templates / error</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.key} className={r.outcome === 'failed' ? 'row-warn' : undefined}>
            <td>
              {r.outcome === 'sent' ? (
                <span className="chip chip-info">✓ Sent</span>
              ) : (
                <span className="chip chip-error">⚠ Failed after {r.attempts}</span>
              )}
            </td>
            <td className="mono">{r.trigger}</td>
            <td className="mono">{r.service}</td>
            <td>{r.recipient || <span className="muted">default</span>}</td>
            <td>{r.outcome === 'sent' ? r.templates.join(', ') : r.error}</td>
            <td title={r.time}>
              {timeAgo(r.time)}
              {r.count > 1 ? ` (×${r.count})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
