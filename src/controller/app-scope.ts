// Which Application the running code works for, carried across awaits, so requests made for an app
// (reconcile, sync) can be counted per app the way Argo CD's argocd_app_k8s_request_total counts them.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AppScope {
  name: string;
  namespace: string;
}

const storage = new AsyncLocalStorage<AppScope>();

/** Runs `fn` (and everything it awaits or starts) as work for `app`. */
export function runForApp<T>(app: AppScope, fn: () => T): T {
  return storage.run(app, fn);
}

/** The app the current code works for, if any. */
export function currentApp(): AppScope | undefined {
  return storage.getStore();
}
