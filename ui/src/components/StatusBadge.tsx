// Sync and health badges: colour, a distinct shape and the word, so status never relies on colour alone.
import type { ReactNode } from 'react';

const HEALTH_ICON: Record<string, string> = {
  Healthy: '♥',
  Progressing: '◔',
  Degraded: '✖',
  Suspended: '❚❚',
  Missing: '?',
  Unknown: '?',
};
const SYNC_ICON: Record<string, string> = { Synced: '✔', OutOfSync: '↯', Unknown: '?' };

function Badge({
  tone,
  icon,
  children,
  title,
}: {
  tone: string;
  icon: string;
  children: ReactNode;
  title?: string | undefined;
}) {
  return (
    <span className={`badge tone-${tone}`} title={title}>
      <span aria-hidden="true" className="badge-icon">
        {icon}
      </span>
      {children}
    </span>
  );
}

export function HealthBadge({
  status,
  message,
}: {
  status: string | undefined;
  message?: string | undefined;
}) {
  const s = status ?? 'Unknown';
  return (
    <Badge tone={`health-${s.toLowerCase()}`} icon={HEALTH_ICON[s] ?? '?'} title={message}>
      {s}
    </Badge>
  );
}

export function SyncBadge({ status }: { status: string | undefined }) {
  const s = status ?? 'Unknown';
  return (
    <Badge tone={`sync-${s.toLowerCase()}`} icon={SYNC_ICON[s] ?? '?'}>
      {s === 'OutOfSync' ? 'OutOfSync' : s}
    </Badge>
  );
}

export function PhaseBadge({ phase }: { phase: string }) {
  const tone =
    phase === 'Succeeded'
      ? 'health-healthy'
      : phase === 'Running' || phase === 'Terminating'
        ? 'health-progressing'
        : 'health-degraded';
  const icon = phase === 'Succeeded' ? '✔' : phase === 'Running' ? '◔' : phase === 'Terminating' ? '■' : '✖';
  return (
    <Badge tone={tone} icon={icon}>
      {phase}
    </Badge>
  );
}
