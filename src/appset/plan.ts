// What to change so the Applications match what an ApplicationSet generates, under its applicationsSync policy (pure).
import { isDeepStrictEqual } from 'node:util';
import {
  FINALIZER_RESOURCES,
  isOwnedByAppSet,
  type Application,
  type ApplicationSet,
} from '../model/index.js';

/** Annotations Argo CD keeps on a generated app across updates (written by other controllers or users). */
const PRESERVED_ANNOTATIONS = [
  'notified.notifications.argoproj.io',
  'argocd.argoproj.io/refresh',
  'argocd.argoproj.io/hydrate',
];

export type AppChange =
  | { type: 'create'; app: Application }
  | { type: 'update'; app: Application; existing: Application }
  | { type: 'delete'; existing: Application; removeFinalizers: boolean };

export interface Plan {
  changes: AppChange[];
  /** Generated apps whose name belongs to an app this ApplicationSet does not own. */
  conflicts: string[];
}

function keep(source: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (source?.[k] !== undefined) out[k] = source[k];
  return out;
}

/** The existing app updated to the generated one, keeping what Argo CD keeps (preserved fields, operation). */
export function updatedApp(
  existing: Application,
  generated: Application,
  appSet: ApplicationSet,
): Application {
  const preserved = appSet.spec.preservedFields;
  const annotations = {
    ...keep(existing.metadata.annotations, [...PRESERVED_ANNOTATIONS, ...(preserved?.annotations ?? [])]),
    ...generated.metadata.annotations,
  };
  const labels = { ...keep(existing.metadata.labels, preserved?.labels ?? []), ...generated.metadata.labels };
  const next: Application = {
    ...existing,
    metadata: { ...existing.metadata, ownerReferences: generated.metadata.ownerReferences ?? [] },
    spec: generated.spec,
  };
  if (Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
  else delete next.metadata.annotations;
  if (Object.keys(labels).length > 0) next.metadata.labels = labels;
  else delete next.metadata.labels;
  if (generated.metadata.finalizers) next.metadata.finalizers = generated.metadata.finalizers;
  else delete next.metadata.finalizers;
  return next;
}

function differs(a: Application, b: Application): boolean {
  const pick = (x: Application): unknown => [
    x.spec,
    x.metadata.labels ?? {},
    x.metadata.annotations ?? {},
    x.metadata.finalizers ?? [],
    x.metadata.ownerReferences ?? [],
  ];
  return !isDeepStrictEqual(pick(a), pick(b));
}

/** The changes, given the generated apps and every Application of the namespace. */
export function planChanges(
  appSet: ApplicationSet,
  generated: readonly Application[],
  existing: readonly Application[],
): Plan {
  const policy = appSet.spec.syncPolicy?.applicationsSync ?? 'sync';
  const mayUpdate = policy === 'sync' || policy === 'create-update';
  const mayDelete = policy === 'sync' || policy === 'create-delete';
  const byName = new Map(existing.map((a) => [a.metadata.name, a]));
  const changes: AppChange[] = [];
  const conflicts: string[] = [];
  const wanted = new Set<string>();
  for (const app of generated) {
    wanted.add(app.metadata.name);
    const found = byName.get(app.metadata.name);
    if (!found) changes.push({ type: 'create', app });
    else if (!isOwnedByAppSet(found, appSet)) conflicts.push(app.metadata.name);
    else if (mayUpdate && !found.metadata.deletionTimestamp) {
      const next = updatedApp(found, app, appSet);
      if (differs(found, next)) changes.push({ type: 'update', app: next, existing: found });
    }
  }
  if (mayDelete) {
    for (const app of existing) {
      if (wanted.has(app.metadata.name) || !isOwnedByAppSet(app, appSet) || app.metadata.deletionTimestamp)
        continue;
      const removeFinalizers =
        appSet.spec.syncPolicy?.preserveResourcesOnDeletion === true &&
        (app.metadata.finalizers ?? []).some((f) => f.startsWith(FINALIZER_RESOURCES));
      changes.push({ type: 'delete', existing: app, removeFinalizers });
    }
  }
  return { changes, conflicts };
}
