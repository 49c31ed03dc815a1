// Converts between an Application and the flat values the app form edits. Pure.
import type { Application } from '../../api/types.ts';
import type { AppFormValues } from '../../lib/app-validation.ts';
import { applyOptions, type SourceOptionValues } from './source-options.ts';

export function valuesFromApp(app: Application): AppFormValues {
  const s = app.spec.source ?? app.spec.sources?.[0];
  const auto = app.spec.syncPolicy?.automated;
  return {
    name: app.metadata.name,
    project: app.spec.project,
    repoURL: s?.repoURL ?? '',
    path: s?.path ?? '',
    targetRevision: s?.targetRevision ?? 'HEAD',
    destServer: app.spec.destination.server ?? app.spec.destination.name ?? '',
    destNamespace: app.spec.destination.namespace ?? '',
    automated: !!auto,
    prune: !!auto?.prune,
    selfHeal: !!auto?.selfHeal,
    syncOptions: (app.spec.syncPolicy?.syncOptions ?? []).join(', '),
  };
}

/**
 * Applies the form's values onto an app, keeping every field the form does not show. A multi-source app keeps
 * its `sources` as they are (the form edits the single source only); `options` set the source's type options.
 */
export function appFromValues(
  v: AppFormValues,
  base?: Application,
  options?: SourceOptionValues,
): Application {
  const syncOptions = v.syncOptions
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const { automated: _a, syncOptions: _o, ...otherPolicy } = base?.spec.syncPolicy ?? {};
  const multi = !base?.spec.source && !!base?.spec.sources?.length;
  const single = {
    ...base?.spec.source,
    repoURL: v.repoURL,
    path: v.path,
    targetRevision: v.targetRevision || 'HEAD',
  };
  const source = options ? applyOptions(single, options) : single;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    ...(base ? { status: base.status } : {}),
    metadata: { ...(base?.metadata ?? { namespace: 'argocd' }), name: v.name },
    spec: {
      ...base?.spec,
      project: v.project,
      ...(multi ? {} : { source }),
      destination: { server: v.destServer, namespace: v.destNamespace },
      syncPolicy: {
        ...otherPolicy,
        ...(v.automated ? { automated: { prune: v.prune, selfHeal: v.selfHeal } } : {}),
        ...(syncOptions.length ? { syncOptions } : {}),
      },
    },
  };
}
