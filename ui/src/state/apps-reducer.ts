// Folds list pages and watch events into one cached set of Applications; stale resourceVersions are ignored.
import type { Application, ApplicationWatchEvent } from '../api/types.ts';
import { isNewerVersion } from './resource-version.ts';

export interface AppsState {
  byName: ReadonlyMap<string, Application>;
  /** resourceVersion at which a name was deleted, so a list page fetched earlier cannot resurrect it. */
  deleted: ReadonlyMap<string, string>;
  /** Names held as the list's partial objects (only APP_LIST_FIELDS); watch events carry whole apps. */
  partial: ReadonlySet<string>;
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
  partial: new Set(),
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
  private partialNames: Set<string> | undefined;
  constructor(private readonly state: AppsState) {}
  get names(): ReadonlyMap<string, Application> {
    return this.byName ?? this.state.byName;
  }
  get tombstones(): ReadonlyMap<string, string> {
    return this.deleted ?? this.state.deleted;
  }
  get partial(): ReadonlySet<string> {
    return this.partialNames ?? this.state.partial;
  }
  upsert(app: Application, partial: boolean): void {
    if (!accepts(this.names, this.tombstones, app)) return;
    (this.byName ??= new Map(this.state.byName)).set(app.metadata.name, app);
    this.markPartial(app.metadata.name, partial);
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
    this.markPartial(name, false);
  }
  private markPartial(name: string, partial: boolean): void {
    if (this.partial.has(name) === partial) return;
    const set = (this.partialNames ??= new Set(this.state.partial));
    if (partial) set.add(name);
    else set.delete(name);
  }
  result(): AppsState {
    if (!this.byName && !this.deleted && !this.partialNames) return this.state;
    return { ...this.state, byName: this.names, deleted: this.tombstones, partial: this.partial };
  }
}

/** List pages: the items hold only the fields the list asked for. */
function applyUpserts(state: AppsState, apps: readonly Application[]): AppsState {
  const d = new Draft(state);
  for (const app of apps) d.upsert(app, true);
  return d.result();
}

function applyEvents(state: AppsState, events: readonly ApplicationWatchEvent[]): AppsState {
  const d = new Draft(state);
  for (const ev of events) {
    if (ev.type === 'DELETED') d.remove(ev.application);
    else d.upsert(ev.application, false);
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
