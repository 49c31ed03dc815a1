// Kubernetes events, newest first; warnings stand out.
import type { KubeEvent } from '../../api/types.ts';
import { Empty } from '../../components/States.tsx';
import { timeAgo } from '../../lib/format.ts';

export function EventsList({ events }: { events: readonly KubeEvent[] }) {
  if (events.length === 0) return <Empty title="No events">Kubernetes keeps events for about an hour.</Empty>;
  const sorted = [...events].sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''));
  return (
    <table className="table events">
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Object</th>
          <th>Message</th>
          <th>Count</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((e) => (
          <tr key={e.metadata.name} className={e.type === 'Warning' ? 'row-warn' : undefined}>
            <td>
              {e.type === 'Warning' ? (
                <span className="chip chip-error">⚠ Warning</span>
              ) : (
                <span className="chip chip-grey">Normal</span>
              )}
            </td>
            <td>{e.reason}</td>
            <td className="mono">
              {e.involvedObject.kind}/{e.involvedObject.name}
            </td>
            <td>{e.message}</td>
            <td>{e.count ?? 1}</td>
            <td>{timeAgo(e.lastTimestamp)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
