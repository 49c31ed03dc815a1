// Small formatters: relative times, short revisions, destinations, source descriptions.
import type { Application, ApplicationSource } from '../api/types.ts';

export function timeAgo(iso: string | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.round((now - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.round(h / 24)}d ago`;
}

export function shortRevision(rev: string | undefined): string {
  if (!rev) return '—';
  return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev;
}

export function sourceOf(app: Application): ApplicationSource | undefined {
  return app.spec.source ?? app.spec.sources?.[0];
}

export function destinationText(app: Application): string {
  const d = app.spec.destination;
  const cluster = d.name || (d.server === 'https://kubernetes.default.svc' ? 'in-cluster' : d.server) || '—';
  return `${cluster}/${d.namespace || '—'}`;
}

export function repoShort(url: string | undefined): string {
  if (!url) return '—';
  return url
    .replace(/^(https?|ssh|git|file):\/\//, '')
    .replace(/^git@/, '')
    .replace(/\.git$/, '');
}

/** When the app last finished syncing: the running/last operation, else the newest history entry. */
export function lastSyncTime(app: Application): string | undefined {
  const op = app.status?.operationState;
  if (op?.finishedAt) return op.finishedAt;
  const h = app.status?.history;
  return h && h.length ? h[h.length - 1]?.deployedAt : undefined;
}
