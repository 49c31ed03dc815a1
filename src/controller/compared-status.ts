// What a successful comparison says in Application.status: sync against what was compared, health,
// resources, images and the conditions the controller owns. One builder for the reconcile and for the
// end of an operation, which writes the comparison with its outcome in one status write.
import type { Application, ApplicationCondition, ApplicationStatus } from '../model/index.js';
import { mergeConditions } from './app-status.js';
import type { RefreshOk } from './refresh.js';

/** `held`: the condition auto-sync shows while it holds back (shouldAutoSync's), if any. */
export function comparedStatus(
  app: Application,
  refreshed: RefreshOk,
  held: readonly ApplicationCondition[],
  now: string,
): ApplicationStatus {
  const c = refreshed.comparison;
  return {
    ...app.status,
    sync: refreshed.sources
      ? {
          status: c.syncStatus,
          revisions: refreshed.revisions ?? [],
          comparedTo: { sources: refreshed.sources, destination: app.spec.destination },
        }
      : {
          status: c.syncStatus,
          revision: refreshed.revision,
          comparedTo: { source: refreshed.source, destination: app.spec.destination },
        },
    health: c.health.message
      ? { status: c.health.status, message: c.health.message }
      : { status: c.health.status },
    resources: c.resources,
    sourceType: refreshed.sourceType,
    summary: { ...app.status?.summary, images: c.images },
    conditions: mergeConditions(app.status?.conditions, [...c.conditions, ...held], now),
  };
}
