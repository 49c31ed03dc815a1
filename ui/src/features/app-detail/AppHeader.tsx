// The app's headline: name, status, source and destination, and the actions the user may take.
import type { Application } from '../../api/types.ts';
import { Link } from '../../app/router.tsx';
import { GuardedButton } from '../../components/Guarded.tsx';
import { HealthBadge, SyncBadge } from '../../components/StatusBadge.tsx';
import {
  destinationText,
  lastSyncTime,
  repoShort,
  shortRevision,
  sourceOf,
  timeAgo,
} from '../../lib/format.ts';
import type { Permission } from '../../state/use-can.ts';

interface Props {
  app: Application;
  canSync: Permission;
  canDelete: Permission;
  onSync: () => void;
  onDelete: () => void;
}

export function AppHeader({ app, canSync, canDelete, onSync, onDelete }: Props) {
  const src = sourceOf(app);
  const running = app.status?.operationState?.phase === 'Running';
  return (
    <header className="app-header">
      <div className="app-title">
        <nav aria-label="Breadcrumb" className="crumbs">
          <Link to="/applications">Applications</Link> /
        </nav>
        <h1>{app.metadata.name}</h1>
        <HealthBadge status={app.status?.health?.status} message={app.status?.health?.message} />
        <SyncBadge status={app.status?.sync?.status} />
        {app.spec.syncPolicy?.automated && (
          <span className="chip chip-grey" title="Automated sync is on">
            auto-sync{app.spec.syncPolicy.automated.selfHeal ? ' + self-heal' : ''}
          </span>
        )}
      </div>
      <dl className="app-facts">
        <div>
          <dt>Project</dt>
          <dd>{app.spec.project}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd title={src?.repoURL}>
            {repoShort(src?.repoURL)}/{src?.path ?? src?.chart} @ {src?.targetRevision || 'HEAD'}
          </dd>
        </div>
        <div>
          <dt>Synced to</dt>
          <dd className="mono">{shortRevision(app.status?.sync?.revision)}</dd>
        </div>
        <div>
          <dt>Destination</dt>
          <dd>{destinationText(app)}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd>{timeAgo(lastSyncTime(app))}</dd>
        </div>
      </dl>
      <div className="app-actions">
        <GuardedButton perm={canSync} className="btn btn-primary" onClick={onSync} busy={running}>
          {running ? 'Syncing…' : 'Sync…'}
        </GuardedButton>
        <GuardedButton perm={canDelete} className="btn" onClick={onDelete}>
          Delete…
        </GuardedButton>
        {canSync.allowed === false && <span className="muted perm-note">🔒 {canSync.reason}</span>}
      </div>
    </header>
  );
}
