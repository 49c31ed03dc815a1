// One application as a tile: status first, then where it comes from and where it goes.
import { memo } from 'react';
import type { Application } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { HealthBadge, SyncBadge } from '../../components/StatusBadge.tsx';
import {
  destinationText,
  lastSyncTime,
  repoShort,
  shortRevision,
  sourceOf,
  timeAgo,
} from '../../lib/format.ts';
import { healthOf, syncOf } from '../../lib/filters.ts';

export function appHref(name: string): string {
  return `/applications/${encodeURIComponent(name)}`;
}

function Attention({ app }: { app: Application }) {
  const errors = (app.status?.conditions ?? []).filter((c) => c.type.endsWith('Error'));
  const running = app.status?.operationState?.phase === 'Running';
  return (
    <>
      {running && (
        <span className="chip chip-info" title="An operation is running">
          ◔ Syncing
        </span>
      )}
      {errors.length > 0 && (
        <span className="chip chip-error" title={errors.map((c) => `${c.type}: ${c.message}`).join('\n')}>
          ⚠ {errors[0]?.type}
        </span>
      )}
    </>
  );
}

export const AppTile = memo(function AppTile({ app }: { app: Application }) {
  const src = sourceOf(app);
  const sync = syncOf(app);
  const health = healthOf(app);
  return (
    <article className={`tile tile-health-${health.toLowerCase()} tile-sync-${sync.toLowerCase()}`}>
      <header className="tile-head">
        <Link to={appHref(app.metadata.name)} className="tile-name" title={app.metadata.name} focusKey>
          {app.metadata.name}
        </Link>
        <span className="tile-project" title="Project">
          {app.spec.project}
        </span>
      </header>
      <div className="tile-badges">
        <HealthBadge status={health} message={app.status?.health?.message} />
        <SyncBadge status={sync} />
        <Attention app={app} />
      </div>
      <dl className="tile-facts">
        <dt>Source</dt>
        <dd title={`${src?.repoURL ?? ''} ${src?.path ?? src?.chart ?? ''}`}>
          {repoShort(src?.repoURL)} <span className="muted">/{src?.path ?? src?.chart ?? ''}</span>
          <span className="rev">
            {' '}
            @ {src?.targetRevision || 'HEAD'} ({shortRevision(app.status?.sync?.revision)})
          </span>
        </dd>
        <dt>Destination</dt>
        <dd>{destinationText(app)}</dd>
        <dt>Last sync</dt>
        <dd>{timeAgo(lastSyncTime(app))}</dd>
      </dl>
    </article>
  );
});
