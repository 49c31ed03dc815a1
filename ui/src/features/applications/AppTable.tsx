// The compact view: one row per app, the same facts as the tiles, aligned for scanning.
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
import { appHref } from './AppTile.tsx';

export function AppTableHeader() {
  return (
    <div className="trow thead" role="presentation">
      <span>Name</span>
      <span>Project</span>
      <span>Health</span>
      <span>Sync</span>
      <span>Source</span>
      <span>Destination</span>
      <span>Last sync</span>
    </div>
  );
}

export const AppRow = memo(function AppRow({ app }: { app: Application }) {
  const src = sourceOf(app);
  const hasError = (app.status?.conditions ?? []).some((c) => c.type.endsWith('Error'));
  return (
    <div className="trow">
      <span className="tcell-name">
        <Link to={appHref(app.metadata.name)} focusKey title={app.metadata.name}>
          {app.metadata.name}
        </Link>
        {hasError && (
          <span className="chip chip-error" title="Has error conditions">
            ⚠
          </span>
        )}
      </span>
      <span className="muted">{app.spec.project}</span>
      <span>
        <HealthBadge status={healthOf(app)} />
      </span>
      <span>
        <SyncBadge status={syncOf(app)} />
      </span>
      <span
        className="ellipsis"
        title={`${src?.repoURL ?? ''}/${src?.path ?? ''}@${src?.targetRevision ?? 'HEAD'}`}
      >
        {repoShort(src?.repoURL)}/{src?.path ?? src?.chart}{' '}
        <span className="rev">
          @{src?.targetRevision || 'HEAD'} {shortRevision(app.status?.sync?.revision)}
        </span>
      </span>
      <span className="ellipsis">{destinationText(app)}</span>
      <span className="muted">{timeAgo(lastSyncTime(app))}</span>
    </div>
  );
});
