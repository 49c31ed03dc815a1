// Folds list pages and watch events into one cached set of Applications (each holding only the list's fields,
// APP_LIST_FIELDS, from both); stale resourceVersions are ignored.
import type { Application, ApplicationWatchEvent } from '../api/types.ts';
import { isNewerVersion } from './resource-version.ts';

export interface AppsState {
  byName: ReadonlyMap<string, Application>;
  /** resourceVersion at which a name was deleted, so a list page fetched earlier cannot resurrect it. */
  deleted: ReadonlyMap<string, string>;
  loading: boolean;
  /** Items the server still has beyond the pages loaded so far, when it says. */
  remaining: number | undefined;
  error: string | undefined;
}

export type AppsAction =
  | { type: 'list-started' }
  | { type: 'list-page'; items: readonly Application[]; remaining: number | undefined; done: boolean }
  | { type: 'list-failed'; error: string }
  | { type: 'events'; events: readonly ApplicationWatchEvent[] };

export const initialAppsState: AppsState = {
  byName: new Map(),
  deleted: new Map(),
  loading: true,
  remaining: undefined,
  error: undefined,
};

const rv = (a: Application): string | undefined => a.metadata.resourceVersion;

function accepts(
  byName: ReadonlyMap<string, Application>,
  deleted: ReadonlyMap<string, string>,
  app: Application,
): boolean {
  const name = app.metadata.name;
  const cur = byName.get(name);
  if (cur && !isNewerVersion(rv(app), rv(cur))) return false;
  const gone = deleted.get(name);
  if (gone !== undefined && !isNewerVersion(rv(app), gone)) return false;
  return true;
}

/** Copy-on-first-write view of the two maps, so a batch of changes copies each map at most once. */
class Draft {
  private byName: Map<string, Application> | undefined;
  private deleted: Map<string, string> | undefined;
  constructor(private readonly state: AppsState) {}
  get names(): ReadonlyMap<string, Application> {
    return this.byName ?? this.state.byName;
  }
  get tombstones(): ReadonlyMap<string, string> {
    return this.deleted ?? this.state.deleted;
  }
  upsert(app: Application): void {
    if (!accepts(this.names, this.tombstones, app)) return;
    (this.byName ??= new Map(this.state.byName)).set(app.metadata.name, app);
    if (this.tombstones.has(app.metadata.name))
      (this.deleted ??= new Map(this.state.deleted)).delete(app.metadata.name);
  }
  remove(app: Application): void {
    const name = app.metadata.name;
    const cur = this.names.get(name);
    const evRv = rv(app) ?? '';
    // A delete older than what we hold is stale (the app was re-created since).
    if (cur && evRv && rv(cur) && evRv !== rv(cur) && !isNewerVersion(evRv, rv(cur))) return;
    if (cur) (this.byName ??= new Map(this.state.byName)).delete(name);
    (this.deleted ??= new Map(this.state.deleted)).set(name, evRv);
  }
  result(): AppsState {
    if (!this.byName && !this.deleted) return this.state;
    return { ...this.state, byName: this.names, deleted: this.tombstones };
  }
}

function applyUpserts(state: AppsState, apps: readonly Application[]): AppsState {
  const d = new Draft(state);
  for (const app of apps) d.upsert(app);
  return d.result();
}

function applyEvents(state: AppsState, events: readonly ApplicationWatchEvent[]): AppsState {
  const d = new Draft(state);
  for (const ev of events) {
    if (ev.type === 'DELETED') d.remove(ev.application);
    else d.upsert(ev.application);
  }
  return d.result();
}

export function appsReducer(state: AppsState, action: AppsAction): AppsState {
  switch (action.type) {
    case 'list-started':
      return { ...state, loading: true, error: undefined };
    case 'list-page': {
      const s = applyUpserts(state, action.items);
      return { ...s, loading: !action.done, remaining: action.done ? undefined : action.remaining };
    }
    case 'list-failed':
      return { ...state, loading: false, error: action.error };
    case 'events':
      return applyEvents(state, action.events);
  }
}
