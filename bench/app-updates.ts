// What the watch cache sees of the Applications during a burst: per app, how long its sync's success
// showed before Synced did (the wait for the post-sync comparison), and how many of their updates
// changed nothing but health messages (and the bookkeeping fields every write changes).
import type { Application, KubeObject } from '../src/model/index.js';

type Listener = (type: string, obj: KubeObject, old: KubeObject | undefined) => void;
type Subscribe = (listener: Listener) => () => void;

export interface AppUpdates {
  /** One lag (ms) per app that showed Synced after its operation showed Succeeded. */
  lags: number[];
  /** Application updates seen. */
  updates: number;
  /** Of those, the ones that changed health messages only. */
  healthMessageOnly: number;
  /** Up to 5 apps whose Synced came more than 10 s after Succeeded: what their status said at Succeeded. */
  slow: string[];
}

/** What an app's status says when its sync shows Succeeded but it is not Synced: enough to find out why. */
function notSynced(app: Application): string {
  const s = app.status;
  const off = (s?.resources ?? [])
    .filter((r) => r.status !== 'Synced')
    .map((r) => `${r.kind}/${r.name} ${r.status ?? '?'}`);
  const conditions = (s?.conditions ?? []).map((c) => `${c.type}: ${c.message}`);
  return `${app.metadata.name}: sync ${s?.sync?.status ?? '?'} (${[...off, ...conditions].join('; ') || 'no resource out of sync'}), operation: ${s?.operationState?.message ?? ''}`;
}

/** Starts watching; `stop()` unsubscribes and returns the figures. */
export function watchAppUpdates(subscribe: Subscribe): { stop: () => AppUpdates } {
  const succeededAt = new Map<string, number>();
  const lags = new Map<string, number>();
  const atSuccess = new Map<string, string>();
  const slow: string[] = [];
  let updates = 0;
  let healthMessageOnly = 0;
  const off = subscribe((type, obj, old) => {
    if (obj.kind !== 'Application') return;
    const app = obj as Application;
    if (type === 'modified' && old) {
      updates++;
      if (withoutHealthMessages(old as Application) === withoutHealthMessages(app)) healthMessageOnly++;
    }
    const name = app.metadata.name;
    if (lags.has(name)) return;
    const now = performance.now();
    if (!succeededAt.has(name) && app.status?.operationState?.phase === 'Succeeded') {
      succeededAt.set(name, now);
      if (app.status.sync?.status !== 'Synced') atSuccess.set(name, notSynced(app));
    }
    const at = succeededAt.get(name);
    if (at !== undefined && app.status?.sync?.status === 'Synced') {
      lags.set(name, now - at);
      const said = atSuccess.get(name);
      if (now - at > 10_000 && said !== undefined && slow.length < 5)
        slow.push(`${said} — Synced ${((now - at) / 1000).toFixed(1)} s later`);
    }
  });
  return {
    stop: () => {
      off();
      return { lags: [...lags.values()], updates, healthMessageOnly, slow };
    },
  };
}

/** The app as JSON without health messages, reconciledAt, resourceVersion and managedFields. */
function withoutHealthMessages(app: Application): string {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = app.metadata;
  const status = app.status ?? {};
  const health = status.health ? { status: status.health.status } : undefined;
  const resources = status.resources?.map((r) =>
    r.health ? { ...r, health: { status: r.health.status } } : r,
  );
  return JSON.stringify({
    ...app,
    metadata,
    status: { ...status, health, resources, reconciledAt: undefined },
  });
}
