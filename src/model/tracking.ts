// Argo CD's tracking id (`<app>:<group>/<kind>:<namespace>/<name>`): formatting, parsing, matching.
import type { ResourceKey } from './resource-key.js';

/** A parsed tracking id. `appNamespace` is set only when the id used the `<namespace>_<app>` form. */
export interface TrackingId extends ResourceKey {
  /** The app part exactly as written (`app` or `ns_app`); what the live cache indexes by. */
  instance: string;
  appName: string;
  appNamespace?: string;
}

/**
 * The app part Argo CD writes: plain `app` when the Application lives in the control plane's own
 * namespace, `<namespace>_<app>` when it lives elsewhere ("apps in any namespace").
 */
export function appInstanceName(appName: string, appNamespace: string, controlNamespace: string): string {
  return appNamespace === '' || appNamespace === controlNamespace ? appName : `${appNamespace}_${appName}`;
}

export function formatTrackingId(instance: string, key: ResourceKey): string {
  return `${instance}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

/**
 * Parses a tracking id; undefined when it is not one. Names may contain `:` (RBAC names such as
 * `system:aggregate-to-view`), so only the first two colons separate fields.
 */
export function parseTrackingId(value: string): TrackingId | undefined {
  const c1 = value.indexOf(':');
  if (c1 <= 0) return undefined;
  const c2 = value.indexOf(':', c1 + 1);
  if (c2 < 0) return undefined;
  const instance = value.slice(0, c1);
  const groupKind = value.slice(c1 + 1, c2);
  const nsName = value.slice(c2 + 1);
  const s1 = groupKind.indexOf('/');
  const s2 = nsName.indexOf('/');
  if (s1 < 0 || s2 < 0) return undefined;
  const kind = groupKind.slice(s1 + 1);
  const name = nsName.slice(s2 + 1);
  if (kind === '' || name === '' || kind.includes('/')) return undefined;
  // Namespaces and app names are DNS names, which cannot contain `_`: one underscore splits them.
  const u = instance.indexOf('_');
  const app =
    u > 0 ? { appName: instance.slice(u + 1), appNamespace: instance.slice(0, u) } : { appName: instance };
  if (app.appName === '') return undefined;
  return {
    instance,
    ...app,
    group: groupKind.slice(0, s1),
    kind,
    namespace: nsName.slice(0, s2),
    name,
  };
}

/**
 * Whether a tracking id describes the object it sits on. Argo CD ignores ids copied onto other
 * objects (e.g. by a controller copying annotations), so the resource identity must match; an
 * empty namespace in the id is accepted for namespaced objects, as older writers left it empty.
 */
export function trackingIdMatches(id: ResourceKey, key: ResourceKey): boolean {
  return (
    id.group === key.group &&
    id.kind === key.kind &&
    id.name === key.name &&
    (id.namespace === key.namespace || id.namespace === '')
  );
}
