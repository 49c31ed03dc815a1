// How long each app showed its sync's success before it showed Synced: the wait for the comparison
// after an operation, as the watch cache sees the Application's status change.
import type { Application, KubeObject } from '../src/model/index.js';

type Subscribe = (listener: (type: string, obj: KubeObject) => void) => () => void;

/** Starts timing; `stop()` unsubscribes and returns one lag (ms) per app that got there. */
export function syncedAfterOperation(subscribe: Subscribe): { stop: () => number[] } {
  const succeededAt = new Map<string, number>();
  const lags = new Map<string, number>();
  const off = subscribe((_type, obj) => {
    if (obj.kind !== 'Application') return;
    const app = obj as Application;
    const name = app.metadata.name;
    if (lags.has(name)) return;
    const now = performance.now();
    if (!succeededAt.has(name) && app.status?.operationState?.phase === 'Succeeded')
      succeededAt.set(name, now);
    const at = succeededAt.get(name);
    if (at !== undefined && app.status?.sync?.status === 'Synced') lags.set(name, now - at);
  });
  return {
    stop: () => {
      off();
      return [...lags.values()];
    },
  };
}
